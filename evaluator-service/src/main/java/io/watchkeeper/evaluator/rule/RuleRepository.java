package io.watchkeeper.evaluator.rule;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class RuleRepository implements PanacheRepositoryBase<Rule, UUID> {}
