package com.gitbridge.integration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.gitbridge.api.ApiException;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.CredentialForm;
import com.gitbridge.provider.ProviderType;

/** The JSON the admin API takes, and its checks. Each wrong field is named with what is wrong with it. */
final class IntegrationForms {

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private IntegrationForms() {
    }

    record NewIntegration(String type, String name, String baseUrl, String region, CredentialForm credential,
                          Boolean requireUserPat) {
    }

    record IntegrationChanges(String name, CredentialForm credential, Boolean requireUserPat) {
    }

    /** A create request that passed every check. */
    record ValidNewIntegration(ProviderType type, String name, String baseUrl, String region, Credential credential,
                               boolean requireUserPat) {
    }

    static ValidNewIntegration validate(NewIntegration form, OutboundUrlGuard guard) {
        Map<String, String> errors = new LinkedHashMap<>();
        ProviderType type = null;
        if (form.type() == null || form.type().isBlank()) {
            errors.put("type", "Choose a host type");
        } else {
            try {
                type = ProviderType.valueOf(form.type());
            } catch (IllegalArgumentException e) {
                errors.put("type", "Unknown host type");
            }
        }
        String name = name(form.name(), errors);
        String baseUrl = null;
        String region = null;
        Credential credential = null;
        if (type != null) {
            if (type.usesRegion()) {
                region = form.region() == null ? "" : form.region().trim();
                if (!REGION.matcher(region).matches()) {
                    errors.put("region", "Give an AWS region such as eu-west-1");
                }
                if (form.baseUrl() != null && !form.baseUrl().isBlank()) {
                    errors.put("baseUrl", "CodeCommit is addressed by region; leave the URL empty");
                }
            } else {
                baseUrl = baseUrl(type, form.baseUrl(), guard, errors);
            }
            credential = credential(type, form.credential(), errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new ValidNewIntegration(type, name, baseUrl, region, credential, Boolean.TRUE.equals(form.requireUserPat()));
    }

    static String name(String raw, Map<String, String> errors) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            errors.put("name", "Give the integration a name");
        } else if (name.length() > 100) {
            errors.put("name", "Use at most 100 characters");
        } else if (CONTROL.matcher(name).find()) {
            errors.put("name", "Use printable characters only");
        }
        return name;
    }

    static Credential credential(ProviderType type, CredentialForm input, Map<String, String> errors) {
        return CredentialForm.validate(input, type, "credential.", errors);
    }

    private static String baseUrl(ProviderType type, String raw, OutboundUrlGuard guard, Map<String, String> errors) {
        String url = raw == null ? "" : raw.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.isEmpty()) {
            if (type.requiresBaseUrl()) {
                errors.put("baseUrl", "Give the URL of the " + type.displayName() + " server");
            }
            return null;
        }
        if (url.length() > 500) {
            errors.put("baseUrl", "Use at most 500 characters");
            return null;
        }
        String finalUrl = url;
        guard.refusal(url).ifPresent(reason -> errors.put("baseUrl", "The URL " + reason));
        if (!errors.containsKey("baseUrl") && needsPath(type) && pathOf(finalUrl).isEmpty()) {
            errors.put("baseUrl", type == ProviderType.TFS
                    ? "Include the collection, such as https://tfs.example.com/tfs/DefaultCollection"
                    : "Include the organization, such as https://dev.azure.com/your-org");
        }
        return url;
    }

    private static boolean needsPath(ProviderType type) {
        return type == ProviderType.AZURE_DEVOPS || type == ProviderType.TFS;
    }

    private static String pathOf(String url) {
        try {
            String path = java.net.URI.create(url).getPath();
            return path == null ? "" : path.replaceAll("^/+", "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
