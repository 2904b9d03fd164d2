package org.musicrec.gateway.web;

import java.util.List;
import org.musicrec.support.web.ProblemErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The shared error valve, with a refused path named in the same words as {@link PathFirewall}. */
public class GatewayErrorReportValve extends ProblemErrorReportValve {

    @Override
    protected ProblemDetail problemFor(String rawPath, int status) {
        List<String> found = rawPath == null ? List.of() : PathFirewall.problemsWith(rawPath);
        if (status == HttpStatus.BAD_REQUEST.value() && !found.isEmpty()) {
            return PathFirewall.refusal(found);
        }
        return super.problemFor(rawPath, status);
    }
}
