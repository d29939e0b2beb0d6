package com.gitbridge.connect;

import java.util.List;
import java.util.Optional;

import com.atlassian.connect.spring.AtlassianHost;
import com.gitbridge.crypto.SealContext;
import com.gitbridge.crypto.SealedColumn;
import com.gitbridge.crypto.SecretCipher;
import com.gitbridge.crypto.UnreadableSecretException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Seals each site's shared secret to that site's row: the stored form the database holds, and the site as the
 * Connect library uses it, are separate objects, so a site read inside a transaction never has its plain secret
 * written back. A row whose secret does not open (copied from another site, changed) is no site: its JWTs are
 * refused, and a signed reinstall writes it anew.
 */
@Component
class SharedSecrets {

    private static final Logger log = LoggerFactory.getLogger(SharedSecrets.class);
    private static final String TABLE = "atlassian_host";
    private static final String FIELD = "shared_secret";

    private final SecretCipher cipher;

    SharedSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    static SealContext context(String clientKey) {
        return SealContext.of(clientKey, TABLE, FIELD, clientKey).orV1("connect-shared-secret");
    }

    @Bean
    static SealedColumn sealedSharedSecrets() {
        return new SealedColumn(TABLE, "client_key", FIELD, List.of(), row -> context(row.get("client_key")));
    }

    /** The row to store: a copy of {@code host} with its secret sealed. */
    AtlassianHost sealed(AtlassianHost host) {
        AtlassianHost stored = copy(host);
        if (host.getSharedSecret() != null) {
            stored.setSharedSecret(cipher.encrypt(host.getSharedSecret(), context(host.getClientKey())));
        }
        return stored;
    }

    /** The site as the library uses it: a copy of the row with its secret opened; empty if the secret does not open. */
    Optional<AtlassianHost> opened(AtlassianHost stored) {
        AtlassianHost host = copy(stored);
        if (stored.getSharedSecret() != null) {
            try {
                host.setSharedSecret(cipher.decrypt(stored.getSharedSecret(), context(stored.getClientKey())));
            } catch (UnreadableSecretException e) {
                log.warn("The stored shared secret of site {} does not open; its requests are refused until it "
                        + "installs again", stored.getClientKey());
                return Optional.empty();
            }
        }
        return Optional.of(host);
    }

    private static AtlassianHost copy(AtlassianHost host) {
        AtlassianHost copy = new AtlassianHost();
        BeanUtils.copyProperties(host, copy);
        return copy;
    }
}
