package org.musicrec.support.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts a {@link ProblemErrorReportValve} in place of Tomcat's HTML error report (also the one Spring Boot adds), so
 * that even a request Tomcat refuses on its own is answered with problem+json. Runs after Boot's customizer. Import
 * it into a service's application class, or extend it with a valve of the service's own.
 */
public class ProblemErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final Class<? extends ProblemErrorReportValve> valve;

    public ProblemErrorPages() {
        this(ProblemErrorReportValve.class);
    }

    /** @param valve the valve class to install; it needs a public no-argument constructor */
    protected ProblemErrorPages(Class<? extends ProblemErrorReportValve> valve) {
        this.valve = valve;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve existing : host.getPipeline().getValves()) {
                    if (existing instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(existing);
                    }
                }
                // the host adds a valve of this class at start unless one is there already
                host.setErrorReportValveClass(valve.getName());
                try {
                    host.getPipeline().addValve(valve.getConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create " + valve.getName(), e);
                }
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
