package io.integrationhub.order.saga;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.routes.rest.HubRestErrors;
import io.integrationhub.routes.rest.ProblemException;
import io.integrationhub.routes.rest.RestRequests;
import io.integrationhub.routes.rest.RestResponses;

/**
 * The operators' saga view (behind the operator login with the rest of /api/v1/admin): {@code GET
 * /api/v1/admin/sagas?state=&type=&page=&size=}, {@code GET /api/v1/admin/sagas/{sagaId}} with its step log, and
 * the actions on a FAILED or stuck saga: {@code POST .../retry} (send the current step again) and
 * {@code POST .../compensate} (give up now and undo).
 */
@Component
public class SagaAdminRoute extends RouteBuilder {

    static final String JSON = "application/json";
    static final int MAX_PAGE_SIZE = 200;

    private final SagaRepository sagas;
    private final SagaOrchestrator orchestrator;
    private final ObjectMapper json;

    SagaAdminRoute(SagaRepository sagas, SagaOrchestrator orchestrator, ObjectMapper json) {
        this.sagas = sagas;
        this.orchestrator = orchestrator;
        this.json = json;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/sagas").description("Sagas (operators)")
            .get().id("list-sagas").produces(JSON)
                .description("Sagas newest first, each with its type, state, order, current step and age")
                .param().name("state").type(RestParamType.query).required(false)
                    .description("RUNNING, COMPENSATING, COMPLETED, COMPENSATED or FAILED").endParam()
                .param().name("type").type(RestParamType.query).required(false)
                    .description(CreateOrderSaga.TYPE + ", " + CancelOrderSaga.TYPE + " or " + ReviseOrderSaga.TYPE)
                    .endParam()
                .param().name("page").type(RestParamType.query).required(false).dataType("integer")
                    .description("page number from 0").endParam()
                .param().name("size").type(RestParamType.query).required(false).dataType("integer")
                    .description("1 to " + MAX_PAGE_SIZE + " (default 50)").endParam()
                .responseMessage().code(200).message("A page of sagas, newest first").responseModel(SagaPage.class)
                    .endResponseMessage()
                .responseMessage().code(400).message("Unknown state or type, bad page or size (problem+json)")
                    .endResponseMessage()
                .to("direct:list-sagas")
            .get("/{sagaId}").id("get-saga").produces(JSON)
                .description("One saga with its data and step log: every command sent, when, and what answered it")
                .param().name("sagaId").type(RestParamType.path).required(true).endParam()
                .responseMessage().code(200).message("The saga").responseModel(SagaDetails.class).endResponseMessage()
                .responseMessage().code(404).message("No such saga (problem+json)").endResponseMessage()
                .to("direct:get-saga")
            .post("/{sagaId}/retry").id("retry-saga").produces(JSON)
                .description("Sends the current step's unanswered commands again; a FAILED saga resumes "
                        + "compensating")
                .param().name("sagaId").type(RestParamType.path).required(true).endParam()
                .responseMessage().code(202).message("Sent again: the saga").responseModel(SagaDetails.class)
                    .endResponseMessage()
                .responseMessage().code(404).message("No such saga (problem+json)").endResponseMessage()
                .responseMessage().code(409).message("The saga has ended (problem+json)").endResponseMessage()
                .to("direct:retry-saga")
            .post("/{sagaId}/compensate").id("compensate-saga").produces(JSON)
                .description("Gives up on a running saga and undoes its completed steps now; a FAILED saga sends "
                        + "its compensation again")
                .param().name("sagaId").type(RestParamType.path).required(true).endParam()
                .responseMessage().code(202).message("Compensating: the saga").responseModel(SagaDetails.class)
                    .endResponseMessage()
                .responseMessage().code(404).message("No such saga (problem+json)").endResponseMessage()
                .responseMessage().code(409).message("The saga has ended (problem+json)").endResponseMessage()
                .to("direct:compensate-saga");

        from("direct:list-sagas").routeId("list-sagas").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v1/admin/sagas").process(this::list).id("list-saga-page");
        from("direct:get-saga").routeId("get-saga").routeConfigurationId(HubRestErrors.ID)
                .description("GET /api/v1/admin/sagas/{sagaId}")
                .process(e -> respond(e, 200, details(found(e)))).id("saga-details");
        from("direct:retry-saga").routeId("retry-saga").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/admin/sagas/{sagaId}/retry")
                .process(e -> respond(e, 202, details(orchestrator.retry(sagaId(e))))).id("retry-step");
        from("direct:compensate-saga").routeId("compensate-saga").routeConfigurationId(HubRestErrors.ID)
                .description("POST /api/v1/admin/sagas/{sagaId}/compensate")
                .process(e -> respond(e, 202, details(orchestrator.compensateNow(sagaId(e))))).id("compensate-now");
    }

    private void list(Exchange exchange) throws Exception {
        String state = RestRequests.query(exchange, "state");
        if (state != null && Arrays.stream(SagaState.values()).noneMatch(s -> s.name().equals(state))) {
            throw ProblemException.badRequest("'state' must be one of " + Arrays.toString(SagaState.values()) + ".");
        }
        String type = RestRequests.query(exchange, "type");
        if (type != null && !orchestrator.types().contains(type)) {
            throw ProblemException.badRequest("'type' must be one of " + orchestrator.types() + ".");
        }
        int page = RestRequests.number(exchange, "page", 0, 0, 1_000_000);
        int size = RestRequests.number(exchange, "size", 50, 1, MAX_PAGE_SIZE);
        List<SagaSummary> entries = sagas.list(state, type, size, page * size).stream().map(this::summary)
                .toList();
        respond(exchange, 200, new SagaPage(entries, page, size, sagas.count(state, type)));
    }

    private SagaSummary summary(SagaInstance saga) {
        return new SagaSummary(saga.id(), saga.type(), saga.state(), String.valueOf(saga.orderId()),
                stepName(saga), saga.attempts(), Duration.between(saga.createdAt(), OffsetDateTime.now()).toSeconds(),
                saga.deadline(), saga.failureReason(), saga.failedBecause(), saga.createdAt(), saga.updatedAt(),
                saga.endedAt());
    }

    private SagaDetails details(SagaInstance saga) throws Exception {
        // amounts as the saga stored them (42.40), not as doubles (42.4)
        return SagaDetails.of(summary(saga), json.reader().with(com.fasterxml.jackson.databind
                .DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(saga.data()),
                sagas.steps(saga.id()).stream().map(SagaStepView::of).toList());
    }

    private String stepName(SagaInstance saga) {
        return orchestrator.stepName(saga);
    }

    private SagaInstance found(Exchange exchange) {
        String id = sagaId(exchange);
        return (SagaOrchestrator.isUuid(id) ? sagas.find(id) : java.util.Optional.<SagaInstance>empty())
                .orElseThrow(() -> ProblemException.notFound("Saga '" + id + "' does not exist."));
    }

    private static String sagaId(Exchange exchange) {
        return exchange.getMessage().getHeader("sagaId", String.class);
    }

    private void respond(Exchange exchange, int status, Object body) throws Exception {
        RestResponses.respond(exchange, status, JSON, json.writeValueAsString(body));
    }
}
