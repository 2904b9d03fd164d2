package org.musicrec.embedding;

import org.musicrec.support.web.BodyLimitFilter;
import org.musicrec.support.web.CorrelationIdFilter;
import org.musicrec.support.web.ProblemErrorPages;
import org.musicrec.support.web.StrictJson;
import org.musicrec.support.web.StrictParameters;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Owns the track catalogue and turns tracks into vectors. */
@SpringBootApplication
@Import({StrictJson.class, StrictParameters.class, CorrelationIdFilter.class, BodyLimitFilter.class,
        ProblemErrorPages.class})
@ConfigurationPropertiesScan
public class EmbeddingApplication {

    public static void main(String[] args) {
        SpringApplication.run(EmbeddingApplication.class, args);
    }
}
