package com.gitbridge.issue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.gitbridge.api.ApiException;
import com.gitbridge.credential.CredentialResolver;
import com.gitbridge.issue.IssueActions.BranchRequest;
import com.gitbridge.issue.IssueActions.IssueIntegration;
import com.gitbridge.jira.JiraLinks;
import com.gitbridge.jira.JiraUnavailableException;
import com.gitbridge.jira.JiraUser;
import com.gitbridge.provider.HostBranch;
import com.gitbridge.provider.HostRepository;
import com.gitbridge.provider.ProviderException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The page the development tool's {@code createBranch} action opens in a browser tab ({@code GET
 * /pages/create-branch?issueKey=…}): the issue panel's create-branch form, as a plain HTML form that posts back to
 * this page. Each post lists what the choices so far allow (the integrations that serve the issue's project, the
 * chosen integration's repositories, the chosen repository's branches), or creates the branch; everything goes
 * through {@link IssueActions}, as the panel's JSON API does, so the same permission checks, credential resolution
 * (Require User PAT) and audit apply. The page's authentication is Connect's business ({@code connect}); this
 * controller sees only the {@link JiraUser}.
 */
@Controller
@RequestMapping("/pages/create-branch")
class CreateBranchPageController {

    private static final String VIEW = "issue/create-branch";
    private static final Map<String, String> SETUP_STATUS_BY_CODE = Map.of(
            "USER_PAT_REQUIRED", "MISSING", "USER_PAT_EXPIRED", "EXPIRED", "USER_PAT_INVALID", "INVALID");

    /** What the form posts; every field but the issue key may be missing. {@code step} is the button pressed. */
    record CreateBranchForm(String issueKey, String integrationId, String repositoryQuery, String repository,
                            String sourceBranch, String name, String step) {

        static final String CREATE = "create";
    }

    /** The setup-required message, shown instead of the repository and branch fields, as the panel shows it. */
    record SetupRequired(String status, String integrationName, String settingsUrl, String newTokenUrl) {
    }

    private final IssueActions actions;
    private final JiraLinks links;
    private final Validator validator;
    private final MessageSource messages;

    CreateBranchPageController(IssueActions actions, JiraLinks links, Validator validator, MessageSource messages) {
        this.actions = actions;
        this.links = links;
        this.validator = validator;
        this.messages = messages;
    }

    @GetMapping
    String open(JiraUser user, @RequestParam String issueKey, Model model, HttpServletResponse response,
                Locale locale) {
        return render(user, new CreateBranchForm(issueKey, null, null, null, null, null, null), model, response, locale);
    }

    @PostMapping
    String post(JiraUser user, CreateBranchForm form, Model model, HttpServletResponse response, Locale locale) {
        return render(user, form, model, response, locale);
    }

    private String render(JiraUser user, CreateBranchForm form, Model model, HttpServletResponse response, Locale locale) {
        String issueKey = form.issueKey();
        model.addAttribute("issueKey", issueKey);
        model.addAttribute("issueUrl", user.siteUrl() + "/browse/" + UriUtils.encodePathSegment(issueKey, StandardCharsets.UTF_8));
        model.addAttribute("userSettingsUrl", links.userSettings(user));
        Page page = new Page(model, response, locale);

        IssueActions.Suggestions suggestions;
        List<IssueIntegration> integrations;
        try {
            suggestions = actions.suggestions(user, issueKey);
            integrations = actions.integrations(user, issueKey);
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            model.addAttribute("refusal", switch (e.status().value()) {
                case 404 -> text("createBranch.refused.notFound", locale);
                case 403 -> text("panel.error.notAllowed", locale);
                default -> e.getMessage();
            });
            return VIEW;
        } catch (JiraUnavailableException e) {
            response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
            model.addAttribute("refusal", text("panel.error.jiraUnavailable", locale));
            return VIEW;
        }
        String name = form.name() != null ? form.name().strip() : suggestions.branchName();
        model.addAttribute("integrations", integrations);
        model.addAttribute("repositoryQuery", Objects.requireNonNullElse(form.repositoryQuery(), ""));
        model.addAttribute("name", name);
        String integrationId = chosen(form.integrationId(), integrations.stream().map(IssueIntegration::id).toList());
        model.addAttribute("integrationId", integrationId);
        if (integrationId == null) {
            return VIEW;
        }
        String integrationName = integrations.stream().filter(i -> i.id().equals(integrationId))
                .map(IssueIntegration::name).findFirst().orElse("");

        if (CreateBranchForm.CREATE.equals(form.step()) && create(user, form, integrationId, integrationName, name, page)) {
            return VIEW;
        }

        List<HostRepository> repositories = page.ask(integrationName,
                () -> actions.repositories(user, issueKey, integrationId, form.repositoryQuery()));
        if (repositories == null) {
            return VIEW;
        }
        model.addAttribute("repositories", repositories);
        String repository = chosen(form.repository(), repositories.stream().map(HostRepository::id).toList());
        model.addAttribute("repository", repository);
        if (repository == null) {
            return VIEW;
        }
        IssueActions.RepositoryBranches branches = page.ask(integrationName,
                () -> actions.branches(user, issueKey, integrationId, repository));
        if (branches == null) {
            return VIEW;
        }
        List<String> names = branches.branches().stream().map(HostBranch::name).toList();
        model.addAttribute("branches", names);
        model.addAttribute("defaultBranch", branches.defaultBranch());
        String sourceBranch = names.contains(form.sourceBranch()) ? form.sourceBranch()
                : names.contains(branches.defaultBranch()) ? branches.defaultBranch() : null;
        model.addAttribute("sourceBranch", sourceBranch);
        return VIEW;
    }

    /**
     * Creates the branch the form describes; {@code true} when it was created (the page then shows it), {@code false}
     * when the form is shown again with what was wrong.
     */
    private boolean create(JiraUser user, CreateBranchForm form, String integrationId, String integrationName,
                           String name, Page page) {
        BranchRequest request = new BranchRequest(integrationId, blankToNull(form.repository()),
                blankToNull(form.sourceBranch()), name);
        Map<String, String> errors = new LinkedHashMap<>();
        for (ConstraintViolation<BranchRequest> violation : validator.validate(request)) {
            errors.putIfAbsent(violation.getPropertyPath().toString(), violation.getMessage());
        }
        if (!errors.isEmpty()) {
            page.response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            page.model.addAttribute("errors", errors);
            return false;
        }
        IssueActions.Created<HostBranch> created = page.ask(integrationName,
                () -> actions.createBranch(user, form.issueKey(), request));
        if (created == null) {
            return false;
        }
        page.model.addAttribute("created", created);
        page.model.addAttribute("createdRepository", request.repository());
        return true;
    }

    /** The choice made if it is among {@code offered}; the only one offered if there is one; else none. */
    private static String chosen(String choice, List<String> offered) {
        if (choice != null && offered.contains(choice)) {
            return choice;
        }
        return offered.size() == 1 ? offered.get(0) : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The page being rendered: what a failed call to {@link IssueActions} puts on it. */
    private final class Page {

        final Model model;
        final HttpServletResponse response;
        final Locale locale;

        Page(Model model, HttpServletResponse response, Locale locale) {
            this.model = model;
            this.response = response;
            this.locale = locale;
        }

        /** {@code call}'s answer; {@code null} once a refusal or failure has been put on the page instead. */
        <T> T ask(String integrationName, Supplier<T> call) {
            try {
                return call.get();
            } catch (CredentialResolver.Refused e) {
                String status = SETUP_STATUS_BY_CODE.get(e.code());
                if (status == null) {
                    problem(e.status().value(), e.getMessage());
                } else {
                    response.setStatus(e.status().value());
                    model.addAttribute("setup", new SetupRequired(status, integrationName,
                            (String) e.properties().get("settingsUrl"), (String) e.properties().get("newTokenUrl")));
                }
            } catch (ApiException e) {
                problem(e.status().value(), e.status().value() == 403 ? text("panel.error.notAllowed", locale) : e.getMessage());
            } catch (ProviderException e) {
                problem(status(e), words(e));
            } catch (JiraUnavailableException e) {
                problem(HttpServletResponse.SC_BAD_GATEWAY, text("panel.error.jiraUnavailable", locale));
            }
            return null;
        }

        private void problem(int status, String text) {
            response.setStatus(status);
            model.addAttribute("problem", text);
        }

        private String words(ProviderException e) {
            return switch (e.kind()) {
                case BRANCH_EXISTS -> text("panel.error.branchExists", locale);
                case NOT_FOUND -> text("panel.error.notFound", locale, e.getMessage());
                case RATE_LIMITED -> e.retryAfter() == null ? text("panel.error.rateLimitedLater", locale)
                        : text("panel.error.rateLimited", locale, Math.max(1, e.retryAfter().toSeconds()));
                case HOST_UNAVAILABLE -> text("panel.error.hostUnavailable", locale);
                case CREDENTIAL_REJECTED, FORBIDDEN, HOST_REJECTED ->
                        e.getMessage() == null ? text("panel.error.hostRejected", locale) : e.getMessage();
            };
        }

        private static int status(ProviderException e) {
            return switch (e.kind()) {
                case BRANCH_EXISTS -> HttpServletResponse.SC_CONFLICT;
                case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
                case RATE_LIMITED -> 429;
                case HOST_UNAVAILABLE -> HttpServletResponse.SC_BAD_GATEWAY;
                case CREDENTIAL_REJECTED, FORBIDDEN, HOST_REJECTED -> 422;
            };
        }
    }
}
