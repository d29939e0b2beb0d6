package com.gitbridge.provider;

/**
 * A reviewer of a pull request as the host lists it.
 *
 * @param name     the name the host shows, {@code null} if it gives none
 * @param email    the reviewer's email where the host gives one, else {@code null}
 * @param approved whether the reviewer approved it
 */
public record HostReviewer(String name, String email, boolean approved) {
}
