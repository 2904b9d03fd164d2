package org.musicrec.recommender.recommendation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Recommendations for one user. */
@RestController
@RequestMapping("/api/v1/users/{userId}/recommendations")
class RecommendationController {

    private final RecommendationService service;

    RecommendationController(RecommendationService service) {
        this.service = service;
    }

    @GetMapping
    Recommendation recommendations(
            @PathVariable @Pattern(regexp = "(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}",
                    message = "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'") String userId,
            @RequestParam(required = false) @Min(1) @Max(1000) Integer limit,
            @RequestParam(required = false) Boolean excludePlayed,
            @RequestParam(required = false) @Size(min = 1, max = 100) String tag) {
        return service.recommend(userId, new RecommendationService.Options(limit, excludePlayed, tag));
    }
}
