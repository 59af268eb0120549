package org.rdhub.strategies;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/** The admin REST API on strategies ({@code strategies.py}). */
public final class StrategyApi {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** One strategy in the list: what strategies.py reads ({@code guid}, {@code name}) and prints. */
    public record StrategyItem(
            String guid,
            String name,
            String note,
            boolean enabled,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("modified_at") String modifiedAt) {

        static StrategyItem of(Strategy strategy) {
            return new StrategyItem(strategy.guid(), strategy.name(), strategy.note(), strategy.enabled(),
                    TIME.format(Instant.ofEpochMilli(strategy.createdAt())),
                    TIME.format(Instant.ofEpochMilli(strategy.modifiedAt())));
        }
    }

    /** {@code view}: the list item, the client options, and how many targets have the strategy directly. */
    public record StrategyView(
            String guid,
            String name,
            String note,
            boolean enabled,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("modified_at") String modifiedAt,
            Map<String, String> options,
            Assigned assigned) {

        static StrategyView of(StrategyDetails details) {
            StrategyItem item = StrategyItem.of(details.strategy());
            return new StrategyView(item.guid(), item.name(), item.note(), item.enabled(), item.createdAt(),
                    item.modifiedAt(), details.options(),
                    new Assigned(details.devices(), details.users(), details.deviceGroups()));
        }
    }

    /** Counts of direct assignments, named as the assign body names the targets. */
    public record Assigned(long peers, long users, long groups) {
    }

    /** {@code POST /api/strategies/assign}: without {@code strategy} the targets' own strategy is taken away. */
    public record AssignBody(String strategy, List<String> peers, List<String> users, List<String> groups) {
    }

    private final StrategyService strategies;
    private final Web web;

    public StrategyApi(StrategyService strategies, Web web) {
        this.strategies = strategies;
        this.web = web;
    }

    /** {@code GET /api/strategies} → a bare JSON array (strategies.py iterates the reply itself). */
    public void list(Context ctx) {
        ctx.json(strategies.list(web.caller(ctx)).stream().map(StrategyItem::of).toList());
    }

    /** {@code GET /api/strategies/{guid}}. */
    public void view(Context ctx) {
        ctx.json(StrategyView.of(strategies.view(web.caller(ctx), ctx.pathParam("guid"))));
    }

    /** {@code PUT /api/strategies/{guid}/status} with a bare JSON {@code true} or {@code false}. */
    public void status(Context ctx) {
        var caller = web.caller(ctx);
        boolean enabled = switch (ctx.body().strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ServiceException.invalid("The request body must be true or false");
        };
        strategies.setEnabled(caller, ctx.pathParam("guid"), enabled);
        ctx.status(200);
    }

    /** {@code POST /api/strategies/assign} {@code {"strategy"?, "peers", "users", "groups"}} (guids): all or none. */
    public void assign(Context ctx) {
        var caller = web.caller(ctx);
        AssignBody body = Json.read(ctx, AssignBody.class);
        strategies.assign(caller, body.strategy(),
                new StrategyTargets(body.peers(), body.users(), body.groups()));
        ctx.status(200);
    }
}
