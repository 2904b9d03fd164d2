package org.musicrec.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.EOFException;
import java.util.List;
import java.util.UUID;
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

    record Track(String title, int year, boolean explicit, List<String> tags, Artist artist) {
    }

    record Artist(String name, long plays) {
    }

    @RestController
    static class TestController {
        @PostMapping("/tracks")
        Track put(@RequestBody Track track) {
            return track;
        }

        @GetMapping("/items")
        String items(@RequestParam Integer limit, @RequestParam(required = false) Boolean fresh,
                     @RequestParam(required = false) UUID after, @RequestParam(required = false) String tag) {
            return limit + " " + fresh + " " + after + " " + tag;
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
            .setControllerAdvice(new TestHandler(), new StrictParameters())
            .addInterceptors(StrictParameters.singleValued())
            .setMessageConverters(new JacksonJsonHttpMessageConverter(StrictJson.apply(JsonMapper.builder())))
            .build();

    private MvcResult postTrack(String json) throws Exception {
        return mvc.perform(post("/tracks").contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-request"))
                .andReturn();
    }

    @Test
    void aNumberTooLargeForAParameterIsOutOfRangeNotNoNumber() throws Exception {
        mvc.perform(get("/items").param("limit", "99999999999999999999"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.errors[0].message").value("'99999999999999999999' is out of range for this parameter"));
        mvc.perform(get("/items").param("limit", "abc"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("is not")));
    }

    @Test
    void aQueryParameterWithoutANameIsNamedAsSuchAndA501HasItsOwnType() {
        assertThat(ProblemHandlerSupport.queryProblem("=5")).contains("a parameter without a name ('=5')");
        assertThat(ProblemHandlerSupport.queryProblem("limit=5&=x")).contains("without a name ('=x')");
        assertThat(ProblemHandlerSupport.queryProblem("tag=%G1")).contains("malformed percent-encoding");
        assertThat(ProblemHandlerSupport.typeFor(501).toString()).isEqualTo("/problems/not-implemented");
        assertThat(ProblemHandlerSupport.typeFor(500).toString()).isEqualTo("/problems/internal-error");
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
    void aKeyGivenTwiceIsRefusedNamingTheKey() throws Exception {
        assertThat(postTrack("{\"title\":\"A\",\"title\":\"B\"}").getResponse().getContentAsString())
                .contains("\"field\":\"title\"").contains("is given twice");
        assertThat(postTrack("{\"artist\":{\"name\":\"A\",\"name\":\"B\"}}").getResponse().getContentAsString())
                .contains("\"field\":\"artist.name\"");
    }

    @Test
    void aNumberOutOfRangeNamesTheFieldAndTheRange() throws Exception {
        assertThat(postTrack("{\"year\":3000000000}").getResponse().getContentAsString())
                .contains("\"field\":\"year\"").contains("is out of range: it must be a whole number from -2147483648");
        assertThat(postTrack("{\"artist\":{\"plays\":99999999999999999999999}}").getResponse().getContentAsString())
                .contains("\"field\":\"artist.plays\"").contains("9223372036854775807");
    }

    @Test
    void whatTheParserSaysIsPassedOnWithoutItsOwnVocabulary() throws Exception {
        String deep = "{\"x\":" + "[".repeat(600) + "]".repeat(600) + "}";
        String[][] cases = {
                {"{\"year\":NaN}", "is not valid JSON at line 1"},
                {"{\"year\":+5}", "is not valid JSON"},
                {"{\"title\":\"A\"", "is not valid JSON"},
                {"{\"title\":\"A", "is not valid JSON"},
                {"{// note\n\"title\":\"A\"}", "is not valid JSON"},
                {deep, "nested deeper than the reader allows"},
                {"{\"x\":" + "1".repeat(1500) + "}", "a number longer than the reader allows"},
                {"{\"title\":\"A\",\"year\":1,\"explicit\":true} {\"x\":1}", "has more after the JSON value"},
                {"{\"title\":\"A\"}", "year: is missing or null: it must be a whole number"},
                {"   ", "is empty"}};
        for (String[] c : cases) {
            String answer = postTrack(c[0]).getResponse().getContentAsString();
            assertThat(answer).as(c[0].length() > 80 ? c[0].substring(0, 80) : c[0]).contains(c[1])
                    .doesNotContain("enable").doesNotContain("Feature").doesNotContain("StreamReadConstraints")
                    .doesNotContain("Source").doesNotContain("`");
        }
    }

    @Test
    void aBodyWithoutContentTypeIsToldWhichToSend() throws Exception {
        mvc.perform(post("/tracks").content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("/problems/unsupported-media-type"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "the request has no Content-Type; send one of [application/json")));
    }

    @Test
    void aBodyOfTheWrongShapeNamesNoClassOfTheService() throws Exception {
        for (String body : List.of("[1,2]", "\"just a string\"", "42")) {
            String answer = postTrack(body).getResponse().getContentAsString();
            assertThat(answer).as(body).contains("must be a JSON object")
                    .doesNotContain("org.musicrec").doesNotContain("ProblemHandlerSupportTests").doesNotContain("`");
        }
        assertThat(postTrack("{\"title\": ").getResponse().getContentAsString()).contains("is not valid JSON");
        assertThat(postTrack("").getResponse().getContentAsString()).contains("body: is missing or unreadable");
    }

    @Test
    void aParameterOfTheWrongTypeIsNamedWithWhatItMustBe() throws Exception {
        mvc.perform(get("/items").param("limit", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.detail").value("limit: 'abc' is not a whole number"));
        mvc.perform(get("/items").param("limit", "5").param("after", "not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("after: 'not-a-uuid' is not a UUID")));
    }

    @Test
    void numbersBooleansAndUuidsAreReadStrictlyNotQuietlyReinterpreted() throws Exception {
        for (String limit : List.of("0x10", "#10", "0X3", "+5", " 5", "5 ", "\uFF15", "\u0665", "99999999999", "1e1", "")) {
            MvcResult result = mvc.perform(get("/items").param("limit", limit)).andReturn();
            assertThat(result.getResponse().getStatus()).as("limit '" + limit + "': "
                    + result.getResponse().getContentAsString()).isEqualTo(400);
            assertThat(result.getResponse().getContentAsString()).contains("\"field\":\"limit\"");
        }
        for (String fresh : List.of("yes", "on", "1", "maybe")) {
            mvc.perform(get("/items").param("limit", "1").param("fresh", fresh))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("fresh"));
        }
        mvc.perform(get("/items").param("limit", "1").param("after", "1-1-1-1-1"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/items").param("limit", "-3").param("fresh", "TRUE")
                        .param("after", "123e4567-e89b-42d3-a456-426614174000").param("tag", "rock"))
                .andExpect(status().isOk())
                .andExpect(content().string("\"-3 true 123e4567-e89b-42d3-a456-426614174000 rock\""));
    }

    @Test
    void aParameterGivenTwiceIsRefusedNotJoinedOrCut() throws Exception {
        mvc.perform(get("/items").param("limit", "1").param("tag", "rock", "jazz"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tag"))
                .andExpect(jsonPath("$.detail").value("tag: given 2 times; give it once"));
        mvc.perform(get("/items").param("limit", "1", "2"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("limit: given 2 times; give it once"));
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
