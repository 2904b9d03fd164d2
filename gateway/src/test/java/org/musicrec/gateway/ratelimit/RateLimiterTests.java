package org.musicrec.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.musicrec.gateway.auth.ApiKey;
import org.musicrec.gateway.auth.Caller;
import org.musicrec.gateway.auth.Role;
import org.musicrec.gateway.auth.UserToken;
import org.musicrec.gateway.config.RateLimitProperties;

class RateLimiterTests {

    private static RateLimitProperties.Limit perMinute(long n) {
        return new RateLimitProperties.Limit(n, Duration.ofMinutes(1));
    }

    private static Caller caller(ApiKey key, String user) {
        return new Caller(key, user == null ? null : new UserToken(user, Set.of(), Instant.MAX));
    }

    private static ApiKey key(Role role) {
        return new ApiKey(UUID.randomUUID(), role.wire(), "mrk_abcdef", Set.of(role), Instant.EPOCH, null);
    }

    @Test
    void eachUserHasABudgetAndARetryAfter() {
        RateLimiter limiter = new RateLimiter(new RateLimitProperties(perMinute(100), perMinute(0), perMinute(3), 10));
        ApiKey app = key(Role.APP);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(caller(app, "a"))).isEmpty();
        }
        Optional<RateLimiter.Refusal> refused = limiter.tryAcquire(caller(app, "a"));
        assertThat(refused).isPresent();
        assertThat(refused.get().budget()).isEqualTo("user 'a'");
        // 3 per minute refill one every 20 s
        assertThat(refused.get().retryAfter()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
        assertThat(limiter.tryAcquire(caller(app, "b"))).isEmpty();
    }

    @Test
    void eachKeyHasABudgetByItsRoleAndZeroMeansUnlimited() {
        RateLimiter limiter = new RateLimiter(new RateLimitProperties(perMinute(2), perMinute(0), perMinute(0), 10));
        ApiKey app = key(Role.APP);
        assertThat(limiter.tryAcquire(caller(app, null))).isEmpty();
        assertThat(limiter.tryAcquire(caller(app, null))).isEmpty();
        assertThat(limiter.tryAcquire(caller(app, null))).get().extracting(RateLimiter.Refusal::budget)
                .isEqualTo("API key 'app'");
        ApiKey trusted = key(Role.TRUSTED);
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.tryAcquire(caller(trusted, null))).isEmpty();
        }
    }
}
