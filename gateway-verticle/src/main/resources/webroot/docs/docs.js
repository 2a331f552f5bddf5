// Swagger UI showing this gateway's API document. No validator badge: it would send the document to a third party.
window.ui = SwaggerUIBundle({
  url: '/openapi.yaml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null
});
