package com.gitbridge.credential;

import java.util.List;

import com.gitbridge.crypto.SealedColumn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The users' sealed tokens, for re-sealing in the current format and key. */
@Configuration
class SealedUserTokenColumns {

    @Bean
    SealedColumn sealedUserTokens() {
        return new SealedColumn("user_token", "id", "sealed_token", List.of("tenant_id", "integration_id", "account_id"),
                row -> UserToken.sealContext(row.get("tenant_id"), row.get("integration_id"), row.get("account_id")));
    }
}
