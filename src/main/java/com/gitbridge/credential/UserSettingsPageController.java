package com.gitbridge.credential;

import com.gitbridge.jira.JiraUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The user-settings page, opened from the Jira profile menu. Its data comes from {@code /api/me/tokens}. */
@Controller
class UserSettingsPageController {

    @GetMapping("/pages/user-settings")
    String userSettings(JiraUser user) {
        return "credential/user-settings";
    }
}
