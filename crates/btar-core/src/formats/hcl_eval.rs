//! Bounded evaluation of Terraform expressions. The HCL evaluator does the
//! work; this module keeps any input within the reader's means:
//! - arithmetic (`+ - * / %`) goes through checked functions, so `1 % 0`,
//!   `x / 0` and overflows are errors naming the operation, never a panic;
//! - before an expression is evaluated, the size of what it can produce
//!   (and so the work it can take) is bounded from the values it uses:
//!   `for` expressions multiply by their collection's length, templates add
//!   their parts. Past [`MAX_EXPRESSION`] for one expression, or
//!   [`MAX_TOTAL`] for one input, evaluation stops with an error naming the
//!   limit;
//! - nesting deeper than [`MAX_DEPTH`] is refused before anything walks it.

use std::cell::Cell;
use std::rc::Rc;

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::expr::{BinaryOperator, FuncCall, Operation, TemplateExpr, TraversalOperator};
use hcl::template::{Directive, Element, Strip, Template};
use hcl::{Expression, Value};

/// The most one expression may produce (an estimate of the memory its
/// values take: [`NODE`] bytes a value, plus a string's text).
pub const MAX_EXPRESSION: u64 = 16 * 1024 * 1024;
/// The most all expressions of one input may produce together.
pub const MAX_TOTAL: u64 = 64 * 1024 * 1024;
/// What one value takes in memory before its text (an HCL `Value`, with the
/// allocator's rounding).
const NODE: u64 = 64;
/// The deepest nesting of expressions, blocks and templates read.
pub const MAX_DEPTH: usize = 64;

/// Why an expression gave no value.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// It uses what the input does not resolve (a variable without a
    /// default, a data source, a function the reader does not have), or an
    /// operation fails (a division by zero): the field is unknown.
    Unresolved(String),
    /// It would take more than the reader allows: the input is refused.
    Limit(String),
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::Unresolved(m) | EvalError::Limit(m) => f.write_str(m),
        }
    }
}

/// A few named values, looked up by name (a scope declares a handful).
#[derive(Clone, Default)]
struct Names<T>(Vec<(String, T)>);

impl<T> Names<T> {
    fn get(&self, k: &str) -> Option<&T> {
        self.0.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v)
    }
    fn contains_key(&self, k: &str) -> bool {
        self.get(k).is_some()
    }
    fn insert(&mut self, k: String, v: T) {
        self.0.retain(|(n, _)| *n != k);
        self.0.push((k, v));
    }
    fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(n, _)| n)
    }
}

/// The values expressions see (`var`, `local`, resources, iterators) and
/// the budget they share.
#[derive(Clone)]
pub struct Scope {
    ctx: Context<'static>,
    values: Names<Value>,
    spent: Rc<Cell<u64>>,
    /// The first limit met, kept so the whole read can be refused.
    limit: Rc<std::cell::RefCell<Option<String>>>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope::new()
    }
}

const OPS: [(&str, BinaryOperator); 5] = [
    ("__btar_add", BinaryOperator::Plus),
    ("__btar_sub", BinaryOperator::Minus),
    ("__btar_mul", BinaryOperator::Mul),
    ("__btar_div", BinaryOperator::Div),
    ("__btar_mod", BinaryOperator::Mod),
];

impl Scope {
    pub fn new() -> Scope {
        let mut ctx = Context::new();
        let funcs: [fn(FuncArgs) -> Result<Value, String>; 5] = [add, sub, mul, div, rem];
        for ((name, _), f) in OPS.iter().zip(funcs) {
            ctx.declare_func(
                *name,
                FuncDef::builder()
                    .param(ParamType::Any)
                    .param(ParamType::Any)
                    .build(f),
            );
        }
        ctx.declare_func(
            "__btar_concat",
            FuncDef::builder()
                .variadic_param(ParamType::Any)
                .build(concat),
        );
        Scope {
            ctx,
            values: Names(Vec::new()),
            spent: Rc::new(Cell::new(0)),
            limit: Rc::new(std::cell::RefCell::new(None)),
        }
    }

    /// Makes `name` resolve to `value`.
    pub fn declare(&mut self, name: &str, value: Value) {
        self.ctx.declare_var(name, value.clone());
        self.values.insert(name.to_string(), value);
    }

    /// The first limit an evaluation met, if any.
    pub fn limit_met(&self) -> Option<String> {
        self.limit.borrow().clone()
    }

    /// Evaluates `expr` within the limits.
    pub fn eval(&self, expr: &Expression) -> Result<Value, EvalError> {
        if let Some(l) = self.limit_met() {
            return Err(EvalError::Limit(l));
        }
        let fail = |m: String| {
            self.limit.borrow_mut().get_or_insert(m.clone());
            EvalError::Limit(m)
        };
        let safe = checked(expr);
        let cost = self.estimate(&safe, &Names(Vec::new()), 0);
        if cost == u64::MAX {
            return Err(fail(format!(
                "an expression nests deeper than {MAX_DEPTH} levels, or expands past any bound (the limit)"
            )));
        }
        if cost > MAX_EXPRESSION {
            return Err(fail(format!(
                "an expression would expand to about {cost} bytes; the limit for one expression is {MAX_EXPRESSION}"
            )));
        }
        let total = self.spent.get().saturating_add(cost);
        if total > MAX_TOTAL {
            return Err(fail(format!(
                "the expressions of this input would expand to more than {MAX_TOTAL} bytes together (the limit)"
            )));
        }
        self.spent.set(total);
        safe.evaluate(&self.ctx)
            .map_err(|e| EvalError::Unresolved(e.to_string()))
    }

    /// An upper bound of the size of what `e` produces (and so of the work
    /// it takes), with iterator variables bound to the size of one element.
    fn estimate(&self, e: &Expression, env: &Names<u64>, d: usize) -> u64 {
        if d > MAX_DEPTH {
            return u64::MAX;
        }
        let est = |x: &Expression| self.estimate(x, env, d + 1);
        match e {
            Expression::Null | Expression::Bool(_) | Expression::Number(_) => NODE,
            Expression::String(s) => s.len() as u64 + NODE,
            Expression::Array(a) => a.iter().map(est).fold(NODE, u64::saturating_add),
            Expression::Object(o) => o
                .iter()
                .map(|(k, v)| {
                    let k = match k {
                        hcl::ObjectKey::Identifier(i) => i.len() as u64,
                        hcl::ObjectKey::Expression(x) => est(x),
                        _ => NODE,
                    };
                    k.saturating_add(est(v))
                })
                .fold(NODE, u64::saturating_add),
            // Templates are expressions by now (see `checked`); one that
            // does not parse is its text.
            Expression::TemplateExpr(t) => template_text(t).len() as u64,
            Expression::Variable(v) => self.var_size(v.as_str(), env),
            Expression::Traversal(t) => {
                if let Some(v) = self.resolve(&t.expr, &t.operators, env) {
                    return size(v);
                }
                let ops: u64 = t
                    .operators
                    .iter()
                    .map(|o| match o {
                        TraversalOperator::Index(x) => est(x),
                        _ => 0,
                    })
                    .fold(0, u64::saturating_add);
                est(&t.expr).saturating_add(ops)
            }
            Expression::FuncCall(f) => f.args.iter().map(est).fold(NODE, u64::saturating_add),
            Expression::Parenthesis(x) => est(x),
            Expression::Conditional(c) => {
                est(&c.cond_expr).saturating_add(est(&c.true_expr).max(est(&c.false_expr)))
            }
            Expression::Operation(op) => match op.as_ref() {
                Operation::Unary(u) => est(&u.expr),
                Operation::Binary(b) => est(&b.lhs_expr).saturating_add(est(&b.rhs_expr)),
            },
            Expression::ForExpr(f) => {
                let (n, elem) = self.collection(&f.collection_expr, env, d + 1);
                let mut inner = env.clone();
                inner.insert(f.value_var.to_string(), elem);
                if let Some(k) = &f.key_var {
                    inner.insert(k.to_string(), elem);
                }
                let body = [
                    Some(&f.value_expr),
                    f.key_expr.as_ref(),
                    f.cond_expr.as_ref(),
                ]
                .into_iter()
                .flatten()
                .map(|x| self.estimate(x, &inner, d + 1))
                .fold(NODE, u64::saturating_add);
                n.saturating_mul(body)
            }
            _ => NODE,
        }
    }

    /// How many elements a collection has and how large one can be: exact
    /// when it evaluates here, else bounded by its estimated size.
    fn collection(&self, e: &Expression, env: &Names<u64>, d: usize) -> (u64, u64) {
        let bound = self.estimate(e, env, d);
        // Evaluated here only when no iterator can stand for a declared
        // name: an expression that uses an iterator then fails to evaluate
        // (the iterator is not declared) and gets the bound.
        if bound > MAX_EXPRESSION || env.keys().any(|k| self.values.contains_key(k)) {
            return (bound, bound);
        }
        match checked(e).evaluate(&self.ctx) {
            Ok(Value::Array(a)) => (a.len() as u64, a.iter().map(size).max().unwrap_or(0)),
            Ok(Value::Object(o)) => (
                o.len() as u64,
                o.iter()
                    .map(|(k, v)| size(v).max(k.len() as u64))
                    .max()
                    .unwrap_or(0),
            ),
            Ok(_) | Err(_) => (bound, bound),
        }
    }

    fn var_size(&self, name: &str, env: &Names<u64>) -> u64 {
        env.get(name)
            .copied()
            .or_else(|| self.values.get(name).map(size))
            .unwrap_or(8)
    }

    /// The value a plain traversal (`local.a.b[0]`) names, when it does.
    fn resolve<'v>(
        &'v self,
        root: &Expression,
        ops: &[TraversalOperator],
        env: &Names<u64>,
    ) -> Option<&'v Value> {
        let Expression::Variable(v) = root else {
            return None;
        };
        if env.contains_key(v.as_str()) {
            return None;
        }
        let mut cur = self.values.get(v.as_str())?;
        for op in ops {
            cur = match (op, cur) {
                (TraversalOperator::GetAttr(k), Value::Object(o)) => o.get(k.as_str())?,
                (TraversalOperator::Index(Expression::String(k)), Value::Object(o)) => {
                    o.get(k.as_str())?
                }
                (TraversalOperator::Index(Expression::Number(n)), Value::Array(a)) => {
                    a.get(usize::try_from(n.as_u64()?).ok()?)?
                }
                (TraversalOperator::LegacyIndex(i), Value::Array(a)) => {
                    a.get(usize::try_from(*i).ok()?)?
                }
                _ => return None,
            };
        }
        Some(cur)
    }
}

/// The size of a value in bytes, roughly as it is held.
pub fn size(v: &Value) -> u64 {
    match v {
        Value::Null | Value::Bool(_) | Value::Number(_) => NODE,
        Value::String(s) => s.len() as u64 + NODE,
        Value::Array(a) => a.iter().map(size).fold(NODE, u64::saturating_add),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| (k.len() as u64).saturating_add(size(v)))
            .fold(NODE, u64::saturating_add),
    }
}

/// `e` with every arithmetic operation a call of a checked function.
fn checked(e: &Expression) -> Expression {
    let c = |x: &Expression| checked(x);
    match e {
        Expression::Array(a) => Expression::Array(a.iter().map(c).collect()),
        Expression::Object(o) => Expression::Object(
            o.iter()
                .map(|(k, v)| {
                    let k = match k {
                        hcl::ObjectKey::Expression(x) => hcl::ObjectKey::Expression(c(x)),
                        other => other.clone(),
                    };
                    (k, c(v))
                })
                .collect(),
        ),
        Expression::TemplateExpr(t) => match checked_template(t) {
            Some(x) => x,
            None => e.clone(),
        },
        Expression::Traversal(t) => {
            let mut t = (**t).clone();
            t.expr = c(&t.expr);
            for op in &mut t.operators {
                if let TraversalOperator::Index(x) = op {
                    *x = c(x);
                }
            }
            Expression::Traversal(Box::new(t))
        }
        Expression::FuncCall(f) => {
            let mut f = (**f).clone();
            f.args = f.args.iter().map(c).collect();
            Expression::FuncCall(Box::new(f))
        }
        Expression::Parenthesis(x) => Expression::Parenthesis(Box::new(c(x))),
        Expression::Conditional(x) => {
            let mut x = (**x).clone();
            x.cond_expr = c(&x.cond_expr);
            x.true_expr = c(&x.true_expr);
            x.false_expr = c(&x.false_expr);
            Expression::Conditional(Box::new(x))
        }
        Expression::Operation(op) => match op.as_ref() {
            Operation::Unary(u) => {
                let mut u = u.clone();
                u.expr = c(&u.expr);
                Expression::Operation(Box::new(Operation::Unary(u)))
            }
            Operation::Binary(b) => match OPS.iter().find(|(_, o)| *o == b.operator) {
                Some((name, _)) => Expression::FuncCall(Box::new(
                    FuncCall::builder(*name)
                        .arg(c(&b.lhs_expr))
                        .arg(c(&b.rhs_expr))
                        .build(),
                )),
                None => {
                    let mut b = b.clone();
                    b.lhs_expr = c(&b.lhs_expr);
                    b.rhs_expr = c(&b.rhs_expr);
                    Expression::Operation(Box::new(Operation::Binary(b)))
                }
            },
        },
        Expression::ForExpr(f) => {
            let mut f = (**f).clone();
            f.collection_expr = c(&f.collection_expr);
            f.value_expr = c(&f.value_expr);
            f.key_expr = f.key_expr.as_ref().map(c);
            f.cond_expr = f.cond_expr.as_ref().map(c);
            Expression::ForExpr(Box::new(f))
        }
        other => other.clone(),
    }
}

fn template_text(t: &TemplateExpr) -> &str {
    match t {
        TemplateExpr::QuotedString(s) => s,
        TemplateExpr::Heredoc(h) => &h.template,
    }
}

/// A template with interpolations or directives as an expression of its
/// own, so its arithmetic is checked and its size estimated like any
/// expression's: its parts joined by a function (`__btar_concat`), `%{if}`
/// a conditional, `%{for}` a `for` expression joined, with the whitespace
/// strip markers applied to its literals as HCL applies them; `None` for
/// plain text (left as written).
fn checked_template(t: &TemplateExpr) -> Option<Expression> {
    let raw = template_text(t);
    if !raw.contains("${") && !raw.contains("%{") {
        return None;
    }
    let tpl = Template::from_expr(t).ok()?;
    // A lone interpolation is its value, not a string (HCL's unwrapping).
    if let [Element::Interpolation(i)] = tpl.elements() {
        return Some(checked(&i.expr));
    }
    Some(template_expr(&tpl, Strip::None, Strip::None))
}

fn element_strip(e: &Element) -> Strip {
    match e {
        Element::Literal(_) => Strip::None,
        Element::Interpolation(i) => i.strip,
        Element::Directive(d) => match d.as_ref() {
            Directive::If(i) => Strip::from((i.if_strip.strip_start(), i.endif_strip.strip_end())),
            Directive::For(f) => {
                Strip::from((f.for_strip.strip_start(), f.endfor_strip.strip_end()))
            }
        },
    }
}

/// HCL's stripping of a literal beside strip markers: spaces up to and
/// including one line break.
fn strip_literal(mut lit: &str, prev: Strip, next: Strip) -> &str {
    let space = |c: char| c.is_whitespace() && c != '\r' && c != '\n';
    if prev.strip_end() {
        lit = lit.trim_start_matches(space);
        lit = lit
            .strip_prefix("\r\n")
            .or_else(|| lit.strip_prefix('\n'))
            .unwrap_or(lit);
    }
    if next.strip_start() {
        lit = lit.trim_end_matches(space);
        lit = lit
            .strip_suffix("\r\n")
            .or_else(|| lit.strip_suffix('\n'))
            .unwrap_or(lit);
    }
    lit
}

fn template_expr(t: &Template, prev_strip: Strip, next_strip: Strip) -> Expression {
    let els = t.elements();
    let n = els.len();
    let mut parts = FuncCall::builder("__btar_concat");
    for (i, el) in els.iter().enumerate() {
        let prev = if i == 0 {
            prev_strip
        } else {
            element_strip(&els[i - 1])
        };
        let next = if i + 1 == n {
            next_strip
        } else {
            element_strip(&els[i + 1])
        };
        parts = parts.arg(match el {
            Element::Literal(l) => Expression::String(strip_literal(l, prev, next).to_string()),
            Element::Interpolation(x) => checked(&x.expr),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(x) => {
                    let true_next = if x.false_template.is_some() {
                        x.else_strip
                    } else {
                        x.endif_strip
                    };
                    Expression::Conditional(Box::new(hcl::expr::Conditional::new(
                        checked(&x.cond_expr),
                        template_expr(&x.true_template, x.if_strip, true_next),
                        x.false_template
                            .as_ref()
                            .map_or(Expression::String(String::new()), |f| {
                                template_expr(f, x.else_strip, x.endif_strip)
                            }),
                    )))
                }
                Directive::For(x) => {
                    let mut f = hcl::expr::ForExpr::new(
                        x.value_var.clone(),
                        checked(&x.collection_expr),
                        template_expr(&x.template, x.for_strip, x.endfor_strip),
                    );
                    f.key_var = x.key_var.clone();
                    Expression::FuncCall(Box::new(
                        FuncCall::builder("__btar_concat")
                            .arg(Expression::ForExpr(Box::new(f)))
                            .expand_final(true)
                            .build(),
                    ))
                }
            },
        });
    }
    Expression::FuncCall(Box::new(parts.build()))
}

/// The parts of a template joined as HCL joins them: strings as they are,
/// other values as their text.
fn concat(args: FuncArgs) -> Result<Value, String> {
    let mut out = String::new();
    for v in args.iter() {
        match v {
            Value::String(s) => out.push_str(s),
            Value::Null => return Err("a template interpolates null".into()),
            other => out.push_str(&other.to_string()),
        }
    }
    Ok(Value::String(out))
}

/// A number as Terraform converts an operand: numbers, and strings that
/// read as one.
enum Num {
    Int(i64),
    Float(f64),
}

fn num(v: &Value, side: &str) -> Result<Num, String> {
    let n = match v {
        Value::Number(n) => *n,
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map(hcl::Number::from)
            .ok()
            .or_else(|| s.trim().parse::<f64>().ok().and_then(hcl::Number::from_f64))
            .ok_or_else(|| format!("the {side} operand \"{s}\" is not a number"))?,
        other => return Err(format!("the {side} operand {other} is not a number")),
    };
    Ok(match n.as_i64() {
        Some(i) => Num::Int(i),
        None => Num::Float(n.as_f64().unwrap_or(f64::NAN)),
    })
}

fn float(n: &Num) -> f64 {
    match n {
        Num::Int(i) => *i as f64,
        Num::Float(f) => *f,
    }
}

fn finite(f: f64, what: &str) -> Result<Value, String> {
    hcl::Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| format!("{what} gives a number that is not finite"))
}

fn arith(
    args: FuncArgs,
    what: &str,
    int: fn(i64, i64) -> Option<i64>,
    fl: fn(f64, f64) -> f64,
) -> Result<Value, String> {
    let (a, b) = match (args.first(), args.get(1)) {
        (Some(a), Some(b)) => (num(a, "left")?, num(b, "right")?),
        _ => return Err(format!("{what} needs two operands")),
    };
    if let (Num::Int(x), Num::Int(y)) = (&a, &b) {
        if let Some(r) = int(*x, *y) {
            return Ok(Value::from(r));
        }
    }
    finite(fl(float(&a), float(&b)), what)
}

fn add(args: FuncArgs) -> Result<Value, String> {
    arith(args, "an addition", i64::checked_add, |a, b| a + b)
}

fn sub(args: FuncArgs) -> Result<Value, String> {
    arith(args, "a subtraction", i64::checked_sub, |a, b| a - b)
}

fn mul(args: FuncArgs) -> Result<Value, String> {
    arith(args, "a multiplication", i64::checked_mul, |a, b| a * b)
}

fn div(args: FuncArgs) -> Result<Value, String> {
    if let Some(b) = args.get(1) {
        if float(&num(b, "right")?) == 0.0 {
            return Err("a division by zero".into());
        }
    }
    // Terraform's numbers divide exactly: 7 / 2 is 3.5.
    arith(
        args,
        "a division",
        |a, b| {
            (a.checked_rem(b) == Some(0))
                .then(|| a.checked_div(b))
                .flatten()
        },
        |a, b| a / b,
    )
}

fn rem(args: FuncArgs) -> Result<Value, String> {
    if let Some(b) = args.get(1) {
        if float(&num(b, "right")?) == 0.0 {
            return Err("a modulo by zero".into());
        }
    }
    arith(args, "a modulo", i64::checked_rem, |a, b| a % b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str) -> Result<Value, EvalError> {
        let body = hcl::parse(&format!("x = {text}\n")).unwrap();
        let e = body.attributes().next().unwrap().expr().clone();
        Scope::new().eval(&e)
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(eval("1 + 2 * 3").unwrap(), Value::from(7));
        assert_eq!(eval("7 % 3").unwrap(), Value::from(1));
        assert_eq!(eval("7 / 2").unwrap(), Value::from(3.5));
        assert_eq!(eval("\"4\" + 1").unwrap(), Value::from(5));
        for bad in ["1 % 0", "1 / 0", "1 % 0.0", "\"x\" * 2"] {
            assert!(matches!(eval(bad), Err(EvalError::Unresolved(_))), "{bad}");
        }
        // i64::MIN % -1 overflows i64; the value is 0.
        assert_eq!(eval("-9223372036854775808 % -1").unwrap(), Value::from(0));
        // Overflow falls back to a float, as Terraform's numbers are not i64.
        assert!(eval("9223372036854775807 + 1").is_ok());
        assert!(eval("9223372036854775807 * 9223372036854775807").is_ok());
        assert_eq!(eval("\"${2 * 3}x\"").unwrap(), Value::from("6x"));
        assert!(matches!(
            eval("\"${1 % 0}\""),
            Err(EvalError::Unresolved(_))
        ));
    }

    #[test]
    fn templates_with_arithmetic_read_as_hcl_reads_them() {
        for text in [
            "\"a ${1 + 2} b\"",
            "\"${2 * 3}\"",
            "\"x%{ for v in [1, 2, 3] }${v * 2},%{ endfor }y\"",
            "\"%{ for k, v in {a = 1, b = 2} }${k}=${v + 1} %{ endfor }\"",
            "\"%{ if 1 + 1 == 2 }yes${3 - 1}%{ else }no%{ endif }!\"",
            "\"%{ if 1 > 2 }yes%{ else }no ${7 % 4}%{ endif }\"",
            "<<EOT\nhead\n%{ for x in [1, 2] ~}\n  item ${x + 1}\n%{ endfor ~}\ntail ${9 / 3}\nEOT\n",
            "<<EOT\n  %{~ if true ~}\n  ${1 + 1}  \n  %{~ endif ~}\n  end\nEOT\n",
            "\"${\"in\"} ${1 + 1} ${true}\"",
            "\"plain ${\"x\"} and $${not} %%{ not }\"",
            "\"${[1, 2]}\"",
            "\"%{ for i, v in [\"a\", \"b\"] }${i}:${v};%{ endfor }\"",
            "<<-EOT\n    %{~ for v in [1, 2] }\n    - ${v}\n    %{~ endfor }\n    EOT\n",
            "\"${true ? \"y\" : \"n\"}-%{ if false }a%{ endif }b\"",
        ] {
            let body = hcl::parse(&format!("x = {text}\n")).unwrap();
            let e = body.attributes().next().unwrap().expr().clone();
            let ours = Scope::new().eval(&e).unwrap();
            let theirs = e.evaluate(&Context::new()).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn expansions_past_the_limit_are_refused() {
        let body = hcl::parse(
            "a = \"0123456789012345678901234567890123456789\"\n\
             b = [for i in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16] : [for j in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16] : [for k in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16] : [for l in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16] : [for m in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16] : \"${local.a}${local.a}\"]]]]]\n",
        )
        .unwrap();
        let mut s = Scope::new();
        let mut locals = hcl::Map::new();
        let mut attrs = body.attributes();
        let a = attrs.next().unwrap();
        locals.insert("a".to_string(), s.eval(a.expr()).unwrap());
        s.declare("local", Value::Object(locals));
        let b = attrs.next().unwrap();
        assert!(matches!(s.eval(b.expr()), Err(EvalError::Limit(_))));
        // Small ones pass.
        assert_eq!(
            eval("[for i in [1, 2] : i * 10]").unwrap(),
            Value::Array(vec![Value::from(10), Value::from(20)])
        );
    }

    #[test]
    fn doubling_locals_stop_at_the_limit() {
        let mut s = Scope::new();
        let mut locals = hcl::Map::new();
        locals.insert("l0".to_string(), Value::from("x".repeat(1000)));
        s.declare("local", Value::Object(locals.clone()));
        let mut refused = false;
        for i in 1..40 {
            let text = format!("x = \"${{local.l{p}}}${{local.l{p}}}\"\n", p = i - 1);
            let body = hcl::parse(&text).unwrap();
            match s.eval(body.attributes().next().unwrap().expr()) {
                Ok(v) => {
                    locals.insert(format!("l{i}"), v);
                    s.declare("local", Value::Object(locals.clone()));
                }
                Err(EvalError::Limit(_)) => {
                    refused = true;
                    break;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert!(refused);
    }
}
