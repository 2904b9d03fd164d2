package org.musicrec.recommender.registry;

import org.musicrec.recommender.ranking.SavedModelRanker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves attention models exported by the training job. */
@Configuration(proxyBeanMethods = false)
class RegistryConfig {

    @Bean
    RankerLoader rankerLoader() {
        return SavedModelRanker::load;
    }
}
