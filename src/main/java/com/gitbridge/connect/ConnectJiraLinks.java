package com.gitbridge.connect;

import com.gitbridge.jira.JiraLinks;
import com.gitbridge.jira.JiraUser;
import org.springframework.stereotype.Component;

@Component
class ConnectJiraLinks implements JiraLinks {

    @Override
    public String userSettings(JiraUser user) {
        return ConnectDescriptor.userSettingsUrl(user.siteUrl());
    }
}
