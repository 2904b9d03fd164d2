package org.musicrec.gateway;

import org.musicrec.support.web.StrictJson;
import org.musicrec.support.web.StrictParameters;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The one public door of musicrec for the mobile app and event producers. */
@SpringBootApplication
@Import({StrictJson.class, StrictParameters.class})
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
