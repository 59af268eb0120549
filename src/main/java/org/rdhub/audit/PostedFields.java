package org.rdhub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.rdhub.common.ServiceException;

/**
 * Strict reading of a posted JSON object: a field is present only when it is not null, and a value of the wrong
 * type is refused rather than coerced (a string is never read as a number, nor a fraction as a whole number).
 */
final class PostedFields {
    private final JsonNode body;

    PostedFields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("The request body must be a JSON object");
        }
        this.body = body;
    }

    boolean has(String name) {
        JsonNode value = body.get(name);
        return value != null && !value.isNull();
    }

    String text(String name) {
        return text(name, field(name));
    }

    String optionalText(String name) {
        return has(name) ? text(name) : null;
    }

    int integer(String name) {
        JsonNode value = field(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(name);
        }
        return value.intValue();
    }

    Integer optionalInteger(String name) {
        return has(name) ? integer(name) : null;
    }

    boolean bool(String name) {
        JsonNode value = field(name);
        if (!value.isBoolean()) {
            throw wrongType(name);
        }
        return value.booleanValue();
    }

    SessionId sessionId(String name) {
        JsonNode value = field(name);
        if (!value.isIntegralNumber()) {
            throw wrongType(name);
        }
        return SessionId.of(value.bigIntegerValue(), name);
    }

    /** A JSON array of exactly {@code size} strings. */
    String[] texts(String name, int size) {
        JsonNode value = field(name);
        if (!value.isArray() || value.size() != size) {
            throw ServiceException.invalid("Field '" + name + "' must be an array of " + size + " strings");
        }
        String[] texts = new String[size];
        for (int i = 0; i < size; i++) {
            texts[i] = text(name + "[" + i + "]", value.get(i));
        }
        return texts;
    }

    private JsonNode field(String name) {
        if (!has(name)) {
            throw ServiceException.invalid("Field '" + name + "' is missing");
        }
        return body.get(name);
    }

    private static String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw wrongType(name);
        }
        return value.textValue();
    }

    private static ServiceException wrongType(String name) {
        return ServiceException.invalid("Field '" + name + "' has the wrong type");
    }
}
