package com.gitbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GitBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(GitBridgeApplication.class, args);
    }
}
