package com.gitbridge.issue;

import com.gitbridge.jira.JiraLinks;
import com.gitbridge.jira.JiraUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The issue glance panel ({@code development-glance}). */
@Controller
class IssuePanelPageController {

    private final JiraLinks links;

    IssuePanelPageController(JiraLinks links) {
        this.links = links;
    }

    @GetMapping("/pages/issue-panel")
    String panel(JiraUser user, @RequestParam String issueKey, @RequestParam(required = false) String projectId, Model model) {
        model.addAttribute("issueKey", issueKey);
        model.addAttribute("projectId", projectId);
        // The setup-required message links here before any API call has answered with a settingsUrl.
        model.addAttribute("userSettingsUrl", links.userSettings(user));
        return "issue/panel";
    }
}
