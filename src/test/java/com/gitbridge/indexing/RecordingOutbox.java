package com.gitbridge.indexing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.gitbridge.devinfo.DevelopmentInfoOutbox;

/** Records what it is told, as {@code "<call> <repository> <sorted items>"}. */
class RecordingOutbox implements DevelopmentInfoOutbox {

    private final List<String> calls = new ArrayList<>();

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized void clear() {
        calls.clear();
    }

    private synchronized void record(String call, String repository, Collection<String> items) {
        calls.add(call + " " + repository + (items == null ? "" : " " + items.stream().sorted().toList()));
    }

    @Override
    public void repositoryIndexed(String tenantId, String repositoryPk) {
        record("repositoryIndexed", repositoryPk, null);
    }

    @Override
    public void commitsChanged(String tenantId, String repositoryPk, Collection<String> shas) {
        record("commitsChanged", repositoryPk, shas);
    }

    @Override
    public void branchesChanged(String tenantId, String repositoryPk, Collection<String> names) {
        record("branchesChanged", repositoryPk, names);
    }

    @Override
    public void branchesDeleted(String tenantId, String repositoryPk, Collection<String> names) {
        record("branchesDeleted", repositoryPk, names);
    }

    @Override
    public void pullRequestsChanged(String tenantId, String repositoryPk, Collection<String> ids) {
        record("pullRequestsChanged", repositoryPk, ids);
    }

    @Override
    public void repositoryRemoved(String tenantId, String integrationId, String repository) {
        record("repositoryRemoved", integrationId + "/" + repository, null);
    }
}
