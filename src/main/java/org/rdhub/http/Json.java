package org.rdhub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.util.stream.Collectors;
import org.rdhub.common.ServiceException;

/** The JSON mapper every face shares, and request-body reading that turns bad JSON into a clear 400. */
public final class Json {

    /** Unknown fields are ignored (clients add fields over time); a value of the wrong type is an error, not guessed. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .withCoercionConfig(LogicalType.Textual, strict -> strict
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, strict -> strict
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, strict -> strict
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Reads the body as {@code type}. An empty body reads as {@code {}}: RustDesk clients send
     * {@code Content-Length: 0} POSTs with a JSON content type, and those must not fail here.
     */
    public static <T> T read(Context ctx, Class<T> type) {
        String body = ctx.body();
        return parse(body.isBlank() ? "{}" : body, type);
    }

    public static <T> T parse(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                // a literal null body
                throw ServiceException.invalid("The request body must be a JSON object");
            }
            return value;
        } catch (MismatchedInputException e) {
            String field = fieldPath(e);
            throw ServiceException.invalid(field.isEmpty()
                    ? "The request body must be a JSON object"
                    : "Field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw ServiceException.invalid("The request body is not valid JSON");
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
