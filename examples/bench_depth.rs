//! Times `depth::depth` on the texts it sees most: stock phrases, comments, long messages.
//!
//! `cargo run --release --example bench_depth` prints µs per call for each case.

use std::hint::black_box;
use std::time::Instant;

use vinculo::depth::depth;

const CASES: [(&str, &str, &str); 8] = [
    ("stock phrase", "en", "Congrats, Ana! 👏👏"),
    ("stock phrase", "pt-BR", "Parabéns pela conquista, Maria! 🚀"),
    (
        "20-word comment",
        "en",
        "Great post, Ana. How do you keep the onboarding flow short when the team doubles every year?",
    ),
    (
        "20-word comment",
        "pt-BR",
        "Ótimo post, Ana. Como vocês mantêm o onboarding curto quando o time dobra de tamanho todo ano?",
    ),
    ("200-word message", "en", EN_MESSAGE),
    ("200-word message", "pt-BR", PT_MESSAGE),
    ("question, unknown language", "", "What do you think about it?"),
    ("emoji only", "en", "👏👏👏🔥"),
];

const EN_MESSAGE: &str = concat!(
    "Thanks for the detailed write-up, it helped a lot. \
    We tried something similar last quarter: the team moved reviews to the morning, \
    kept meetings under thirty minutes and wrote decisions down in one shared page. \
    Retention improved, although hiring stayed slow. Please share the template. \
    I think our managers could adapt it quickly and report back next month.\n",
    "Thanks for the detailed write-up, it helped a lot. \
    We tried something similar last quarter: the team moved reviews to the morning, \
    kept meetings under thirty minutes and wrote decisions down in one shared page. \
    Retention improved, although hiring stayed slow. Please share the template. \
    I think our managers could adapt it quickly and report back next month.\n",
    "Thanks for the detailed write-up, it helped a lot. \
    We tried something similar last quarter: the team moved reviews to the morning, \
    kept meetings under thirty minutes and wrote decisions down in one shared page. \
    Retention improved, although hiring stayed slow. Please share the template. \
    I think our managers could adapt it quickly and report back next month.\n",
    "Thanks for the detailed write-up, it helped a lot. \
    We tried something similar last quarter: the team moved reviews to the morning, \
    kept meetings under thirty minutes and wrote decisions down in one shared page.",
);

const PT_MESSAGE: &str = concat!(
    "Obrigado pelo relato detalhado, ajudou bastante. \
    Tentamos algo parecido no último trimestre: o time passou as revisões para a manhã, \
    manteve reuniões abaixo de trinta minutos e registrou as decisões numa página única. \
    A retenção melhorou, embora a contratação continue lenta. Compartilhe o modelo, por favor. \
    Acho que nossos gestores conseguiriam adaptá-lo rápido e trazer resultados no mês que vem.\n",
    "Obrigado pelo relato detalhado, ajudou bastante. \
    Tentamos algo parecido no último trimestre: o time passou as revisões para a manhã, \
    manteve reuniões abaixo de trinta minutos e registrou as decisões numa página única. \
    A retenção melhorou, embora a contratação continue lenta. Compartilhe o modelo, por favor. \
    Acho que nossos gestores conseguiriam adaptá-lo rápido e trazer resultados no mês que vem.\n",
    "Obrigado pelo relato detalhado, ajudou bastante. \
    Tentamos algo parecido no último trimestre: o time passou as revisões para a manhã, \
    manteve reuniões abaixo de trinta minutos e registrou as decisões numa página única. \
    A retenção melhorou, embora a contratação continue lenta. Compartilhe o modelo, por favor. \
    Acho que nossos gestores conseguiriam adaptá-lo rápido e trazer resultados no mês que vem.\n",
    "Obrigado pelo relato detalhado, ajudou bastante. \
    Tentamos algo parecido no último trimestre: o time passou as revisões para a manhã, \
    manteve reuniões abaixo de trinta minutos e registrou as decisões numa página única.",
);

/// Calls per measurement: enough for a few milliseconds on the longest text.
const CALLS: u32 = 20_000;

fn main() {
    for (name, lang, text) in CASES {
        let found = depth(text, lang);
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let started = Instant::now();
            for _ in 0..CALLS {
                black_box(depth(black_box(text), black_box(lang)));
            }
            best = best.min(started.elapsed().as_secs_f64() / f64::from(CALLS));
        }
        println!(
            "{name:<28} {lang:<6} {:>8.2} µs/call  ({} words, question {}, low effort {})",
            best * 1e6,
            found.words,
            found.question,
            found.low_effort
        );
    }
}
