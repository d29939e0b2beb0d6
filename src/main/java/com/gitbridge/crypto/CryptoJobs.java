package com.gitbridge.crypto;

import java.util.function.Function;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Re-sealing as a db-scheduler job scheduled at every start: one instance of a cluster runs it, a run that died with
 * its instance is revived, and a run that finds everything current costs a query per sealed column.
 */
@Configuration
class CryptoJobs {

    @Bean
    CustomTask<Void> resealSecrets(SecretResealing resealing) {
        return Tasks.custom("reseal-secrets", Void.class)
                .scheduleOnStartup("all", null, Function.identity())
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    resealing.resealAll();
                    return new CompletionHandler.OnCompleteRemove<>();
                });
    }
}
