package com.gitbridge.devinfo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JiraIdsTest {

    @Test
    void repositoryIdIsTheIntegrationAndTheEncodedPath() {
        assertThat(JiraIds.repository("7f0c2a4e-1b2c-4d5e-8f90-123456789abc", "acme/web-app_v2.0"))
                .isEqualTo("7f0c2a4e-1b2c-4d5e-8f90-123456789abc_acme~2fweb-app_v2.0");
    }

    @Test
    void keepsOnlyJirasCharactersAndEncodesEveryOtherByte() {
        assertThat(JiraIds.branch("feature/ABC-1 fix")).isEqualTo("feature~2fABC-1~20fix");
        assertThat(JiraIds.branch("a~b")).isEqualTo("a~7eb");
        assertThat(JiraIds.branch("Grüße")).isEqualTo("Gr~c3~bc~c3~9fe");
        assertThat(JiraIds.branch("😀")).isEqualTo("~f0~9f~98~80");
        assertThat(JiraIds.pullRequest("42")).isEqualTo("42");
    }

    @Test
    void twoNamesNeverMeet() {
        assertThat(JiraIds.branch("a~2fb")).isNotEqualTo(JiraIds.branch("a/b"));
        assertThat(JiraIds.branch("a~2fb")).isEqualTo("a~7e2fb");
    }

    @Test
    void everyIdIsWithinJirasCharactersAndLength() {
        String name = "ü/".repeat(400);
        String id = JiraIds.branch(name);
        assertThat(id).matches("[A-Za-z0-9~.\\-_]{1,1024}").startsWith("~~").hasSize(66);
        assertThat(JiraIds.branch(name)).isEqualTo(id);
        assertThat(JiraIds.branch(name + "x")).isNotEqualTo(id);
        assertThat(JiraIds.repository("i", "x".repeat(1022))).hasSize(1024).startsWith("i_x");
        assertThat(JiraIds.repository("i", "x".repeat(1023))).startsWith("~~").hasSize(66);
    }
}
