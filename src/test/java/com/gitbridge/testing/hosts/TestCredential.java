package com.gitbridge.testing.hosts;

import com.github.tomakehurst.wiremock.matching.StringValuePattern;

/**
 * A credential a simulated host knows about.
 *
 * @param json        the credential as the app's API takes it ({@code {"token":…}} or the AWS key pair)
 * @param secret      the part that must never leak (token, or AWS secret access key)
 * @param header      the request header that carries it
 * @param headerValue how that header looks when this credential is used
 */
public record TestCredential(String json, String secret, String header, StringValuePattern headerValue) {
}
