package org.musicrec.gateway.web;

import org.musicrec.support.web.ProblemErrorPages;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.stereotype.Component;

/**
 * The shared problem+json error pages with the gateway's valve, which names a refused path, and a connector that
 * lets a raw backslash past the request-line parser so that the refusal (still 400) can name it.
 */
@Component
class TomcatErrorsConfig extends ProblemErrorPages {

    TomcatErrorsConfig() {
        super(GatewayErrorReportValve.class);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setProperty("relaxedPathChars", "\\"));
        super.customize(factory);
    }
}
