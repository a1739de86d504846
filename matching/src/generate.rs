//! A seeded generator of realistic matching instances: more young people than mentors,
//! regions of different sizes, popular and rare goals, coarse scores with many ties.

use crate::model::{AGE_LIMITS, IN_PERSON, Mentor, ONLINE, YoungPerson};

/// The skill bits that serve young people's goals (see `domain::matching`): career advice,
/// CV and interviews, building confidence, university, apprenticeships, starting a business,
/// networking (meeting people from different backgrounds), wellbeing.
pub const GOAL_SKILLS: [u32; 8] = [0, 1, 2, 3, 4, 5, 7, 8];
/// How often each goal is chosen, in percent.
const GOAL_POPULARITY: [u32; 8] = [62, 30, 48, 22, 15, 9, 36, 20];
const SKILLS: u32 = 15;
const SECTORS: u32 = 13;
/// Regional shares, roughly by population (per mille).
const REGION_SHARE: [u32; 12] = [78, 95, 135, 40, 110, 28, 82, 140, 85, 47, 88, 82];
const AVAILABILITY_POPULARITY: [u32; 5] = [20, 30, 65, 45, 25];

#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub young_people: usize,
    pub mentors: usize,
    pub seed: u64,
}

/// SplitMix64: small, fast and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % n.max(1) as u64) as u32
    }

    pub fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p
    }

    fn weighted(&mut self, weights: &[u32]) -> u32 {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i as u32;
            }
            x -= w;
        }
        weights.len() as u32 - 1
    }

    /// Between `lo` and `hi` distinct bits out of `n`, each bit drawn by popularity.
    fn bits(&mut self, popularity: &[u32], lo: u32, hi: u32) -> u32 {
        let want = lo + self.below(hi - lo + 1);
        let mut out = 0u32;
        let mut guard = 0;
        while out.count_ones() < want && guard < 100 {
            out |= 1 << self.weighted(popularity);
            guard += 1;
        }
        out
    }
}

fn formats(rng: &mut Rng, online: u32, in_person: u32) -> u8 {
    let x = rng.below(100);
    if x < online {
        ONLINE
    } else if x < online + in_person {
        IN_PERSON
    } else {
        ONLINE | IN_PERSON
    }
}

pub fn young_person(rng: &mut Rng, key: i64) -> YoungPerson {
    let goal_idx = rng.bits(&GOAL_POPULARITY, 1, 3);
    let goals = (0..8).filter(|b| goal_idx & (1 << b) != 0).fold(0, |acc, b| acc | 1 << GOAL_SKILLS[b]);
    let age = if rng.percent(35) { 15 + rng.below(3) } else { 18 + rng.below(8) } as u8;
    YoungPerson {
        key,
        goals,
        interests: rng.bits(&[1; SECTORS as usize], 1, 2),
        region: rng.weighted(&REGION_SHARE) as u8,
        formats: formats(rng, 35, 20),
        availability: rng.bits(&AVAILABILITY_POPULARITY, 1, 3) as u8,
        languages: if rng.percent(15) { 1 << (1 + rng.below(11)) } else { 0 },
        age,
        waited_days: rng.below(200),
    }
}

pub fn mentor(rng: &mut Rng, key: i64) -> Mentor {
    let mut skill_pop = [5u32; SKILLS as usize];
    for (i, &b) in GOAL_SKILLS.iter().enumerate() {
        skill_pop[b as usize] = GOAL_POPULARITY[i] / 3 + 4;
    }
    Mentor {
        key,
        skills: rng.bits(&skill_pop, 2, 5),
        sector: rng.below(SECTORS) as u8,
        region: rng.weighted(&REGION_SHARE) as u8,
        formats: formats(rng, 40, 15),
        availability: rng.bits(&AVAILABILITY_POPULARITY, 1, 4) as u8,
        languages: if rng.percent(25) { 1 << (1 + rng.below(11)) } else { 0 },
        max_age: AGE_LIMITS[rng.weighted(&[30, 20, 50]) as usize],
        capacity: if rng.percent(10) { 2 } else { 1 },
    }
}

/// Young people keyed 1.., mentors keyed 1_000_000_000.. (so keys never collide).
pub fn generate(shape: &Shape) -> (Vec<YoungPerson>, Vec<Mentor>) {
    let mut rng = Rng::new(shape.seed);
    let yps = (0..shape.young_people).map(|i| young_person(&mut rng, i as i64 + 1)).collect();
    let mentors = (0..shape.mentors).map(|j| mentor(&mut rng, 1_000_000_000 + j as i64)).collect();
    (yps, mentors)
}
