package com.gitbridge.devinfo;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** Placeholder until the push to Jira exists: records nothing, reports {@code OFF}. */
@Component
class NoDevelopmentInfo implements DevelopmentInfoOutbox, DevelopmentInfoStatus {

    @Override
    public void repositoryIndexed(String tenantId, String repositoryPk) {
    }

    @Override
    public void commitsChanged(String tenantId, String repositoryPk, Collection<String> shas) {
    }

    @Override
    public void branchesChanged(String tenantId, String repositoryPk, Collection<String> names) {
    }

    @Override
    public void branchesDeleted(String tenantId, String repositoryPk, Collection<String> names) {
    }

    @Override
    public void pullRequestsChanged(String tenantId, String repositoryPk, Collection<String> ids) {
    }

    @Override
    public void repositoryRemoved(String tenantId, String integrationId, String repository) {
    }

    @Override
    public Map<String, JiraSync> of(String tenantId, Collection<String> repositoryPks) {
        JiraSync off = new JiraSync("OFF", 0, null, null);
        return repositoryPks.stream().distinct().collect(Collectors.toMap(Function.identity(), pk -> off));
    }
}
