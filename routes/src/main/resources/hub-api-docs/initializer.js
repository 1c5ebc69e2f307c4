// Lists every OpenAPI document this process serves (../openapi-documents.json) in Swagger UI's selector.
window.onload = () => {
  window.ui = SwaggerUIBundle({
    configUrl: "../openapi-documents.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout"
  });
};
