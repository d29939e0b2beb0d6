package com.gitbridge.integration;

import com.gitbridge.jira.JiraUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The "Manage Git repositories" admin page. Its data comes from the admin-only JSON API. */
@Controller
class AdminPageController {

    @GetMapping("/pages/admin")
    String admin(JiraUser user) {
        return "integration/admin";
    }
}
