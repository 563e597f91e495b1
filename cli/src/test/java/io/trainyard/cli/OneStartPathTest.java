package io.trainyard.cli;

import static com.tngtech.archunit.core.domain.AccessTarget.Predicates.declaredIn;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.trainyard.api.run.LiveRuns;
import io.trainyard.run.ModelRunWorkflow;
import org.junit.jupiter.api.Test;

/**
 * One start path: a run's workflow is started by the API's {@link LiveRuns} alone, behind
 * {@code RunStarter}'s idempotency claim, parameter checks and audit; {@code run} and {@code demo}
 * go through the API. A start names {@code ModelRunWorkflow.run} ({@code WorkflowClient.start(stub::run, ...)}
 * or a call on a stub), so no other production class may (the bench, which measures the engine alone,
 * is not on this class path).
 */
class OneStartPathTest {

  @Test
  void onlyLiveRunsStartsARunsWorkflow() {
    JavaClasses production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.trainyard");

    noClasses().that().doNotBelongToAnyOf(LiveRuns.class)
        .should().accessTargetWhere(target(declaredIn(ModelRunWorkflow.class).and(name("run"))))
        .because("every start of a run goes through the API's start path (RunStarter, LiveRuns)")
        .check(production);
  }
}
