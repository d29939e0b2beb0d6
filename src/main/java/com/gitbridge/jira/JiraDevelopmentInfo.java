package com.gitbridge.jira;

import java.util.Locale;
import java.util.Map;

/**
 * Jira's development information API ({@code /rest/devinfo/0.10}), called as the app. Every answer Jira gives comes
 * back as it is, whatever its status, for the caller to act on.
 */
public interface JiraDevelopmentInfo {

    /**
     * @param status  the HTTP status
     * @param headers the response headers, names in lower case (first value of each)
     * @param body    the response body, {@code ""} when there is none
     */
    record Answer(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** {@code POST /rest/devinfo/0.10/bulk} with this JSON body. */
    Answer push(String tenantId, String body);

    /**
     * {@code DELETE /rest/devinfo/0.10/bulkByProperties?{key}={value}}: everything pushed with that property, with
     * no {@code _updateSequenceId}, so that a push still under way when an integration goes is deleted too.
     */
    Answer deleteByProperty(String tenantId, String key, String value);

    /** {@code DELETE /rest/devinfo/0.10/repository/{repositoryId}?_updateSequenceId=N}. */
    Answer deleteRepository(String tenantId, String repositoryId, long updateSequenceId);

    /**
     * {@code DELETE /rest/devinfo/0.10/repository/{repositoryId}/{entityType}/{entityId}?_updateSequenceId=N}.
     *
     * @param entityType {@code commit}, {@code branch} or {@code pull_request}
     */
    Answer deleteEntity(String tenantId, String repositoryId, String entityType, String entityId, long updateSequenceId);
}
