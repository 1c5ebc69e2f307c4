/** The API documents order-app serves besides the generated OpenAPI: the AsyncAPI contract of the messaging API. */
package io.integrationhub.order.docs;
