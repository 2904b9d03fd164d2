package org.musicrec.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.EOFException;
import java.util.List;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.json.JsonMapper;

class ProblemHandlerSupportTests {

    record Track(String title, int year, boolean explicit, List<String> tags) {
    }

    @RestController
    static class TestController {
        @PostMapping("/tracks")
        Track put(@RequestBody Track track) {
            return track;
        }

        @GetMapping("/items")
        int items(@RequestParam int limit) {
            return limit;
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("a bug in org.musicrec.SecretClass");
        }
    }

    @RestControllerAdvice
    static class TestHandler extends ProblemHandlerSupport {
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new TestController())
            .setControllerAdvice(new TestHandler())
            .setMessageConverters(new JacksonJsonHttpMessageConverter(StrictJson.apply(JsonMapper.builder())))
            .build();

    private MvcResult postTrack(String json) throws Exception {
        return mvc.perform(post("/tracks").contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-request"))
                .andReturn();
    }

    @Test
    void aWellFormedBodyIsRead() throws Exception {
        mvc.perform(post("/tracks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":\"A\",\"year\":1999,\"explicit\":false,\"tags\":[\"rock\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("A"));
    }

    @Test
    void aNumberWhereAStringBelongsIsRefusedNamingTheField() throws Exception {
        MvcResult result = postTrack("{\"title\":123,\"year\":1999}");
        assertThat(result.getResponse().getContentAsString())
                .contains("\"field\":\"title\"").contains("it must be a string").doesNotContain("java.lang");
    }

    @Test
    void stringsFractionsAndNumbersAreNotCoercedIntoOtherTypes() throws Exception {
        assertThat(postTrack("{\"title\":\"A\",\"year\":\"1999\"}").getResponse().getContentAsString())
                .contains("\"field\":\"year\"").contains("it must be a whole number");
        assertThat(postTrack("{\"title\":\"A\",\"year\":1999.5}").getResponse().getContentAsString())
                .contains("\"field\":\"year\"");
        assertThat(postTrack("{\"title\":\"A\",\"explicit\":\"yes\"}").getResponse().getContentAsString())
                .contains("\"field\":\"explicit\"").contains("it must be true or false");
        assertThat(postTrack("{\"title\":true}").getResponse().getContentAsString()).contains("\"field\":\"title\"");
        assertThat(postTrack("{\"title\":\"A\",\"tags\":[\"rock\",7]}").getResponse().getContentAsString())
                .contains("\"field\":\"tags[1]\"");
    }

    @Test
    void aKeyGivenTwiceIsRefusedInsteadOfTheLastOneWinning() throws Exception {
        assertThat(postTrack("{\"title\":\"A\",\"title\":\"B\"}").getResponse().getContentAsString())
                .contains("\"field\":\"body\"").contains("title");
    }

    @Test
    void aBodyOfTheWrongShapeNamesNoClassOfTheService() throws Exception {
        for (String body : List.of("[1,2]", "\"just a string\"", "42")) {
            String answer = postTrack(body).getResponse().getContentAsString();
            assertThat(answer).as(body).contains("must be a JSON object")
                    .doesNotContain("org.musicrec").doesNotContain("ProblemHandlerSupportTests").doesNotContain("`");
        }
        assertThat(postTrack("{\"title\": ").getResponse().getContentAsString()).contains("is not valid JSON");
        assertThat(postTrack("").getResponse().getContentAsString()).contains("body is missing or unreadable");
    }

    @Test
    void aParameterOfTheWrongTypeIsNamedWithWhatItMustBe() throws Exception {
        mvc.perform(get("/items").param("limit", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.detail").value("limit: 'abc' is not a whole number"));
    }

    @Test
    void springsOwnRefusalsGetAStableType() throws Exception {
        mvc.perform(get("/tracks")).andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("/problems/method-not-allowed"));
        mvc.perform(get("/items")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-request"));
        mvc.perform(post("/tracks").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("/problems/unsupported-media-type"));
    }

    @Test
    void anUnexpectedFailureIsA500ThatShowsNoInternals() throws Exception {
        mvc.perform(get("/boom")).andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("/problems/internal-error"))
                .andExpect(jsonPath("$.detail").value("an unexpected error occurred; it has been logged"));
    }

    @Test
    void aRequestTheClientCutOffIsNotAServiceFailure() {
        Exception wrapped = new IllegalStateException("reading the audio failed",
                new ClientAbortException(new EOFException()));
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/tracks/t/audio");
        assertThat(ProblemHandlerSupport.clientWentAway(wrapped)).isTrue();
        assertThat(new TestHandler().unexpected(wrapped, request)).as("no answer for a client that is gone").isNull();
        assertThat(ProblemHandlerSupport.clientWentAway(new IllegalStateException("a real bug"))).isFalse();
        assertThat(new TestHandler().unexpected(new IllegalStateException("a real bug"), request).getStatusCode().value())
                .isEqualTo(500);
    }

    @Test
    void everyStatusHasAStableTypeAndServerErrorsShowNoMore() {
        assertThat(ProblemHandlerSupport.typeFor(405).toString()).isEqualTo("/problems/method-not-allowed");
        assertThat(ProblemHandlerSupport.typeFor(408).toString()).isEqualTo("/problems/request-timeout");
        assertThat(ProblemHandlerSupport.typeFor(503).toString()).isEqualTo("/problems/unavailable");
        assertThat(ProblemHandlerSupport.typeFor(502).toString()).isEqualTo("/problems/internal-error");
        assertThat(ProblemHandlerSupport.typeFor(409).toString()).isEqualTo("/problems/http-409");
    }
}
