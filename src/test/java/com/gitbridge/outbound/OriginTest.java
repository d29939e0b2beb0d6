package com.gitbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class OriginTest {

    @Test
    void fillsInTheDefaultPortAndIgnoresCaseUserPathAndQuery() {
        Origin origin = Origin.required("https://GHE.acme.example/api/v3");

        assertThat(origin).isEqualTo(new Origin("https", "ghe.acme.example", 443));
        assertThat(origin.contains(URI.create("https://ghe.acme.example:443/api/v3/user/repos?page=2"))).isTrue();
        assertThat(origin.contains(URI.create("https://someone@ghe.acme.example/acme/web.git"))).isTrue();
        assertThat(origin.toString()).isEqualTo("https://ghe.acme.example");
    }

    @Test
    void anotherSchemeHostOrPortIsAnotherOrigin() {
        Origin origin = Origin.required("https://ghe.acme.example");

        assertThat(origin.contains(URI.create("http://ghe.acme.example/api/v3"))).isFalse();
        assertThat(origin.contains(URI.create("https://ghe.acme.example:8443/api/v3"))).isFalse();
        assertThat(origin.contains(URI.create("https://ghe.acme.example.evil.example/api/v3"))).isFalse();
        assertThat(origin.contains(URI.create("https://127.0.0.1/api/v3"))).isFalse();
        assertThat(Origin.of("ftp://ghe.acme.example")).isEmpty();
        assertThat(Origin.of("not a url")).isEmpty();
    }
}
