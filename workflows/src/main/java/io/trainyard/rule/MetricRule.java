package io.trainyard.rule;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelUnparser;
import dev.cel.parser.CelUnparserFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A metric rule: one CEL comparison over numeric identifiers ({@code accuracy >= 0.9},
 * {@code auc >= production - 0.01}, {@code canary.error_rate <= stable.error_rate + 0.01}).
 *
 * <p>Every identifier, dotted names included, is a double. Integer literals are read as doubles, so
 * that {@code accuracy >= 1} and {@code production - 1} type-check against double metrics. Rules
 * are compiled once and cached: the same rules are judged at every gate and every bake.
 */
public final class MetricRule {
  private static final Map<String, String> COMPARISONS =
      Map.of("_<_", "<", "_<=_", "<=", "_>_", ">", "_>=_", ">=", "_==_", "==", "_!=_", "!=");
  private static final CelParser PARSER = CelParserFactory.standardCelParserBuilder().build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final CelUnparser UNPARSER = CelUnparserFactory.newUnparser();
  private static final Cache<String, MetricRule> CACHE =
      CacheBuilder.newBuilder().maximumSize(10_000).build();

  private final String expression;
  private final String operator;
  private final Set<String> identifiers;
  private final Set<String> leftIdentifiers;
  private final String leftText;
  private final String rightText;
  private final CelRuntime.Program program;

  private MetricRule(
      String expression,
      String operator,
      Set<String> identifiers,
      Set<String> leftIdentifiers,
      String leftText,
      String rightText,
      CelRuntime.Program program) {
    this.expression = expression;
    this.operator = operator;
    this.identifiers = identifiers;
    this.leftIdentifiers = leftIdentifiers;
    this.leftText = leftText;
    this.rightText = rightText;
    this.program = program;
  }

  /**
   * The compiled rule; {@link IllegalArgumentException} when the expression does not parse, is not
   * one comparison, or does not compare numbers.
   */
  public static MetricRule parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a rule is empty: expected a comparison such as 'accuracy >= 0.9'");
    }
    try {
      return CACHE.get(expression, () -> compile(expression));
    } catch (ExecutionException | UncheckedExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new IllegalStateException("compiling rule '" + expression + "' failed", e.getCause());
    }
  }

  /** The expression as written. */
  public String expression() {
    return expression;
  }

  /** The comparison operator: {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ==} or {@code !=}. */
  public String operator() {
    return operator;
  }

  /** Every identifier the rule reads, dotted ones whole ({@code canary.error_rate}), in order of appearance. */
  public Set<String> identifiers() {
    return identifiers;
  }

  /** The identifiers on the left side of the comparison. */
  public Set<String> leftIdentifiers() {
    return leftIdentifiers;
  }

  /** Whether the rule holds for these values; every identifier must have one. */
  public boolean test(Map<String, Double> values) {
    for (String name : identifiers) {
      if (values.get(name) == null) {
        throw new IllegalArgumentException("no value for '" + name + "' in rule '" + expression + "'");
      }
    }
    try {
      return (Boolean) program.eval(values);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException("rule '" + expression + "' failed to evaluate: " + e.getMessage(), e);
    }
  }

  /**
   * The rule with the values it saw, such as {@code auc = 0.97 >= production 0.96 - 0.01}: a left
   * side that is one identifier reads {@code name = value}, other identifiers {@code name value}.
   */
  public String describe(Map<String, Double> values) {
    String left = identifiers.contains(leftText) ? leftText + " = " + format(values.get(leftText)) : side(leftText, values);
    return left + " " + operator + " " + side(rightText, values);
  }

  private String side(String text, Map<String, Double> values) {
    Matcher m = Pattern.compile("(?<![\\w.])[A-Za-z_][\\w.]*").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group();
      String replacement = identifiers.contains(name) ? name + " " + format(values.get(name)) : name;
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A number as people read it: integral values without decimals, others to six significant digits. */
  public static String format(Double value) {
    if (value == null) {
      return "?";
    }
    if (value.isNaN() || value.isInfinite()) {
      return value.toString();
    }
    return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static MetricRule compile(String expression) {
    CelValidationResult parsed = PARSER.parse(expression);
    if (parsed.hasError()) {
      throw invalid(expression, "does not parse", parsed.getErrors());
    }
    CelAbstractSyntaxTree ast = ast(parsed);
    CelExpr root = ast.getExpr();
    String operator = root.getKind() == CelExpr.ExprKind.Kind.CALL ? COMPARISONS.get(root.call().function()) : null;
    if (operator == null) {
      throw new IllegalArgumentException(
          "'" + expression + "' is not a comparison: a rule compares two numbers with <, <=, >, >=, == or !=");
    }
    Set<String> identifiers = new LinkedHashSet<>();
    collectIdentifiers(expression, root, identifiers);
    Set<String> left = new LinkedHashSet<>();
    collectIdentifiers(expression, root.call().args().get(0), left);

    CelCompilerBuilder checker = CelCompilerFactory.standardCelCompilerBuilder().setResultType(SimpleType.BOOL);
    identifiers.forEach(name -> checker.addVar(name, SimpleType.DOUBLE));
    CelCompiler compiler = checker.build();
    CelValidationResult checked =
        compiler.check(CelAbstractSyntaxTree.newParsedAst(widenIntegers(root), ast.getSource()));
    if (checked.hasError()) {
      throw invalid(expression, "does not compare numbers", checked.getErrors());
    }
    try {
      return new MetricRule(
          expression,
          operator,
          Collections.unmodifiableSet(identifiers),
          Collections.unmodifiableSet(left),
          unparse(root.call().args().get(0), ast),
          unparse(root.call().args().get(1), ast),
          RUNTIME.createProgram(ast(checked)));
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException("'" + expression + "' cannot be evaluated: " + e.getMessage(), e);
    }
  }

  private static CelAbstractSyntaxTree ast(CelValidationResult result) {
    try {
      return result.getAst();
    } catch (dev.cel.common.CelValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unparse(CelExpr side, CelAbstractSyntaxTree ast) {
    return UNPARSER.unparse(CelAbstractSyntaxTree.newParsedAst(side, ast.getSource()));
  }

  private static IllegalArgumentException invalid(String expression, String what, List<CelIssue> issues) {
    String reasons =
        issues.stream()
            .map(i -> "at column " + (i.getSourceLocation().getColumn() + 1) + ": " + i.getMessage())
            .collect(Collectors.joining("; "));
    return new IllegalArgumentException("'" + expression + "' " + what + " (" + reasons + ")");
  }

  /** Identifiers and dotted selections of identifiers; anything but arithmetic on them is refused. */
  private static void collectIdentifiers(String expression, CelExpr e, Set<String> out) {
    switch (e.getKind()) {
      case CONSTANT -> {}
      case IDENT -> out.add(e.ident().name());
      case SELECT -> out.add(dottedName(expression, e));
      case CALL -> {
        e.call().target().ifPresent(t -> collectIdentifiers(expression, t, out));
        e.call().args().forEach(a -> collectIdentifiers(expression, a, out));
      }
      default -> throw new IllegalArgumentException(
          "'" + expression + "' uses a " + e.getKind().name().toLowerCase()
              + ": a rule compares metrics, numbers and arithmetic on them");
    }
  }

  private static String dottedName(String expression, CelExpr e) {
    if (e.getKind() == CelExpr.ExprKind.Kind.IDENT) {
      return e.ident().name();
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.SELECT && !e.select().testOnly()) {
      return dottedName(expression, e.select().operand()) + "." + e.select().field();
    }
    throw new IllegalArgumentException(
        "'" + expression + "' selects a field of something that is not a name: use names such as canary.error_rate");
  }

  /** Integer literals as doubles: every metric is a double and CEL does no implicit conversion. */
  private static CelExpr widenIntegers(CelExpr e) {
    return switch (e.getKind()) {
      case CONSTANT -> switch (e.constant().getKind()) {
        case INT64_VALUE -> CelExpr.ofConstant(e.id(), CelConstant.ofValue((double) e.constant().int64Value()));
        case UINT64_VALUE -> CelExpr.ofConstant(e.id(), CelConstant.ofValue(e.constant().uint64Value().doubleValue()));
        default -> e;
      };
      case CALL -> CelExpr.ofCall(
          e.id(),
          e.call().target().map(MetricRule::widenIntegers),
          e.call().function(),
          e.call().args().stream().map(MetricRule::widenIntegers).collect(ImmutableList.toImmutableList()));
      default -> e;
    };
  }
}
