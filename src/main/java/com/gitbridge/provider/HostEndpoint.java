package com.gitbridge.provider;

/**
 * Where a host is: its type, the base URL the admin gave (or the type's default), and for CodeCommit the region.
 * Adapters derive their API root from it (for example {@code https://host/api/v3} for GitHub Enterprise).
 */
public record HostEndpoint(ProviderType type, String baseUrl, String region) {

    public static HostEndpoint of(ProviderType type, String baseUrl, String region) {
        String url = baseUrl == null || baseUrl.isBlank() ? type.defaultBaseUrl() : baseUrl;
        if (url != null && url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return new HostEndpoint(type, url, region);
    }
}
