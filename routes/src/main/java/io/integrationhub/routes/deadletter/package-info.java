/**
 * Dead-letter operations (DESIGN.md §5 rule 5, §6): list the dead letters of a channel with reason and age, replay
 * one or all to their channel. Replay is safe to repeat: consumers skip an already processed messageId.
 */
package io.integrationhub.routes.deadletter;
