package org.musicrec.gateway.routing;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.musicrec.gateway.config.RouteProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchangeHandlerFunction;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Proxy handlers like the gateway's {@code http()}, each with its own read timeout, so that an audio upload may
 * take a minute while a catalogue read gives up after seconds. A service that does not answer in time is a 504.
 */
@Component
class TimedProxies implements ApplicationListener<ContextRefreshedEvent> {

    private final GatewayMvcProperties gateway;
    private final ObjectProvider<HttpHeadersFilter.RequestHttpHeadersFilter> requestFilters;
    private final ObjectProvider<HttpHeadersFilter.ResponseHttpHeadersFilter> responseFilters;
    private final HttpClient client;
    private final List<ProxyExchangeHandlerFunction> handlers = new CopyOnWriteArrayList<>();

    TimedProxies(GatewayMvcProperties gateway, RouteProperties routes,
                 ObjectProvider<HttpHeadersFilter.RequestHttpHeadersFilter> requestFilters,
                 ObjectProvider<HttpHeadersFilter.ResponseHttpHeadersFilter> responseFilters) {
        this.gateway = gateway;
        this.requestFilters = requestFilters;
        this.responseFilters = responseFilters;
        this.client = HttpClient.newBuilder().connectTimeout(routes.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    ProxyExchangeHandlerFunction withTimeout(Duration readTimeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(readTimeout);
        ProxyExchangeHandlerFunction handler = new ProxyExchangeHandlerFunction(
                new RestClientProxyExchange(RestClient.builder().requestFactory(factory).build(), gateway),
                requestFilters, responseFilters);
        handlers.add(handler);
        return handler;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        // the handlers are not beans; they collect their header filters on this event
        handlers.forEach(h -> h.onApplicationEvent(event));
    }
}
