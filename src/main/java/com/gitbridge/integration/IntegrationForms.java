package com.gitbridge.integration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.gitbridge.api.ApiException;
import com.gitbridge.api.FieldErrors;
import com.gitbridge.provider.Credential;
import com.gitbridge.provider.CredentialForm;
import com.gitbridge.provider.ProviderType;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Component;

/**
 * The JSON the admin API takes, and its checks. Each wrong field is named with what is wrong with it, all in one
 * answer: first the constraints of the fields themselves, then what depends on the host type (the URL or region,
 * the credential's fields) and on where the URL leads.
 */
@Component
class IntegrationForms {

    /**
     * An integration's name, taken without the spaces around it: not empty, at most 100 characters, printable.
     * {@code null} passes (a change that leaves the name as it is).
     */
    @Documented
    @Size(min = 1, message = "Give the integration a name")
    @Size(max = 100, message = "Use at most 100 characters")
    @Pattern(regexp = "\\P{Cntrl}*", message = "Use printable characters only")
    @Constraint(validatedBy = {})
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    @interface Name {

        String message() default "Not a name for an integration";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /** Jira's project key shape, as issue keys begin. */
    private static final java.util.regex.Pattern PROJECT_KEY = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,254}");
    static final int MAX_PROJECT_KEYS = 100;

    record NewIntegration(@NotBlank(message = "Choose a host type") String type,
                          @NotNull(message = "Give the integration a name") @Name String name,
                          String baseUrl, String region, CredentialForm credential, Boolean requireUserPat,
                          List<String> projectKeys) {

        NewIntegration {
            name = stripped(name);
        }
    }

    record IntegrationChanges(@Name String name, CredentialForm credential, Boolean requireUserPat,
                              List<String> projectKeys) {

        IntegrationChanges {
            name = stripped(name);
        }
    }

    /** A create request that passed every check. */
    record ValidNewIntegration(ProviderType type, String name, String baseUrl, String region, Credential credential,
                               boolean requireUserPat, List<String> projectKeys) {
    }

    /** A change that passed every check; {@code null} where it leaves the integration as it is. */
    record ValidChanges(String name, Credential credential, List<String> projectKeys) {
    }

    private final Validator validator;
    private final OutboundUrlGuard guard;

    IntegrationForms(Validator validator, OutboundUrlGuard guard) {
        this.validator = validator;
        this.guard = guard;
    }

    ValidNewIntegration validate(NewIntegration form) {
        Map<String, String> errors = new LinkedHashMap<>(FieldErrors.of(validator.validate(form)));
        ProviderType type = errors.containsKey("type") ? null : type(form.type(), errors);
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
                baseUrl = baseUrl(type, form.baseUrl(), errors);
            }
            credential = credential(type, form.credential(), errors);
        }
        List<String> projectKeys = form.projectKeys() == null ? List.of() : projectKeys(form.projectKeys(), errors);
        failOn(errors);
        return new ValidNewIntegration(type, form.name(), baseUrl, region, credential,
                Boolean.TRUE.equals(form.requireUserPat()), projectKeys);
    }

    /** {@code changes} to an integration of {@code type}. */
    ValidChanges validate(IntegrationChanges changes, ProviderType type) {
        Map<String, String> errors = new LinkedHashMap<>(FieldErrors.of(validator.validate(changes)));
        Credential credential = changes.credential() == null ? null : credential(type, changes.credential(), errors);
        List<String> projectKeys = changes.projectKeys() == null ? null : projectKeys(changes.projectKeys(), errors);
        failOn(errors);
        return new ValidChanges(changes.name(), credential, projectKeys);
    }

    /** The keys upper-cased, each once, in the order given; every one must have Jira's project key shape. */
    private static List<String> projectKeys(List<String> raw, Map<String, String> errors) {
        if (raw.size() > MAX_PROJECT_KEYS) {
            errors.put("projectKeys", "Limit the integration to at most " + MAX_PROJECT_KEYS + " projects");
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (String key : raw) {
            String upper = key == null ? "" : key.strip().toUpperCase(Locale.ROOT);
            if (PROJECT_KEY.matcher(upper).matches()) {
                keys.add(upper);
            } else {
                wrong.add(key == null || key.isBlank() ? "\"\"" : key.strip());
            }
        }
        if (!wrong.isEmpty()) {
            errors.put("projectKeys", "Not a Jira project key: " + shortened(String.join(", ", wrong)));
        }
        return List.copyOf(keys);
    }

    /** What the admin gave, within reason for a message. */
    private static String shortened(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "…";
    }

    private static String stripped(String value) {
        return value == null ? null : value.strip();
    }

    private static ProviderType type(String name, Map<String, String> errors) {
        try {
            return ProviderType.valueOf(name);
        } catch (IllegalArgumentException e) {
            errors.put("type", "Unknown host type");
            return null;
        }
    }

    private static Credential credential(ProviderType type, CredentialForm input, Map<String, String> errors) {
        return CredentialForm.validate(input, type, "credential.", errors);
    }

    private static void failOn(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private String baseUrl(ProviderType type, String raw, Map<String, String> errors) {
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
