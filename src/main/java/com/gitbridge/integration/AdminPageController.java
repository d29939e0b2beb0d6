package com.gitbridge.integration;

import java.util.Arrays;
import java.util.List;

import com.gitbridge.jira.JiraUser;
import com.gitbridge.provider.ProviderType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The "Manage Git repositories" admin page. Its data comes from the admin-only JSON API. */
@Controller
class AdminPageController {

    /** One host type as the add form offers it. */
    record HostTypeOption(String name, String displayName, boolean usesRegion, boolean requiresBaseUrl, String defaultBaseUrl) {
    }

    @GetMapping("/pages/admin")
    String admin(JiraUser user, Model model) {
        List<HostTypeOption> types = Arrays.stream(ProviderType.values())
                .map(type -> new HostTypeOption(type.name(), type.displayName(), type.usesRegion(), type.requiresBaseUrl(),
                        type.defaultBaseUrl()))
                .toList();
        model.addAttribute("hostTypes", types);
        return "integration/admin";
    }
}
