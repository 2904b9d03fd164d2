package org.musicrec.embedding.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;

class ProblemHandlerTests {

    @Test
    void anUploadTheClientCutOffIsNotAServiceFailure() {
        Exception wrapped = new IllegalStateException("reading the audio failed",
                new ClientAbortException(new EOFException()));
        assertThat(ProblemHandler.clientWentAway(wrapped)).isTrue();
        assertThat(new ProblemHandler().unexpected(wrapped)).as("no answer for a client that is gone").isNull();
        assertThat(ProblemHandler.clientWentAway(new IllegalStateException("a real bug"))).isFalse();
        assertThat(new ProblemHandler().unexpected(new IllegalStateException("a real bug")).getStatus()).isEqualTo(500);
    }
}
