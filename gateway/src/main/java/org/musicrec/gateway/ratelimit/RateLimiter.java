package org.musicrec.gateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.musicrec.gateway.auth.Caller;
import org.musicrec.gateway.config.RateLimitProperties;
import org.springframework.stereotype.Component;

/**
 * In-memory token buckets (Bucket4j), one per API key and one per user; a request takes one token from each.
 * Each replica counts on its own, so N replicas allow up to N times the budget; README explains how to share the
 * buckets. The least recently used buckets are dropped past {@code maxTrackedBuckets}, which only forgives.
 */
@Component
class RateLimiter {

    /** Refused: which budget ran out and when to come back. */
    record Refusal(String budget, Duration retryAfter) {
    }

    private final RateLimitProperties properties;
    private final Map<String, Bucket> buckets;

    RateLimiter(RateLimitProperties properties) {
        this.properties = properties;
        int max = properties.maxTrackedBuckets();
        this.buckets = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > max;
            }
        });
    }

    Optional<Refusal> tryAcquire(Caller caller) {
        RateLimitProperties.Limit keyLimit = caller.trusted() ? properties.trustedKey() : properties.appKey();
        if (keyLimit.enabled()) {
            Optional<Refusal> refused = take("key:" + caller.key().id(), keyLimit, "API key '" + caller.key().name()
                    + "'");
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (caller.user() != null && properties.user().enabled()) {
            return take("user:" + caller.user().userId(), properties.user(), "user '" + caller.user().userId() + "'");
        }
        return Optional.empty();
    }

    private Optional<Refusal> take(String id, RateLimitProperties.Limit limit, String budget) {
        Bucket bucket = buckets.computeIfAbsent(id, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(budget, Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }
}
