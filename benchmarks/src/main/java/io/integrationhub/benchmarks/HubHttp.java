package io.integrationhub.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The benchmarks' HTTP calls to the hub they started: the measured ones without a login, set-up ones as operator. */
record HubHttp(int port, String operatorPassword) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

    /** The partner write API needs a login; the measured order calls do not carry one. */
    HttpResponse<String> operatorPost(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + operatorPassword).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The consumer (a credit limit never reached) and the one-dish restaurant every benchmark load orders from. */
    record LoadData(String consumer, String restaurant) {
    }

    /** Creates {@link LoadData} through the partner API and waits until order-app's replica knows the restaurant. */
    LoadData createLoadData() throws Exception {
        String consumer = id(operatorPost("/partners/api/v1/consumers",
                "{\"name\":\"Load\",\"creditLimit\":1000000}"), "consumerId");
        String restaurant = id(operatorPost("/partners/api/v1/restaurants",
                "{\"name\":\"Load Kitchen\",\"menuItems\":[{\"id\":\"dal\",\"name\":\"Dal\",\"price\":4.50}]}"),
                "restaurantId");
        while (get("/api/v1/restaurants/" + restaurant).statusCode() != 200) {
            Thread.sleep(20); // the replica is updated over the broker: a benchmark's set-up, not an assertion
        }
        return new LoadData(consumer, restaurant);
    }

    /** A string field of a JSON answer, e.g. the orderId of a 202. */
    String id(HttpResponse<String> response, String field) {
        Matcher m = FIELD.matcher(response.body());
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + field + " in " + response.statusCode() + " " + response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
