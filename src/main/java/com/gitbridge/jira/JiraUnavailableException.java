package com.gitbridge.jira;

/** Jira itself did not answer a call the app made as the app. */
public class JiraUnavailableException extends RuntimeException {

    public JiraUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
