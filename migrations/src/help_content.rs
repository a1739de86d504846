//! The help centre as first shipped: the questions mentors and young people ask most, in
//! Tandem's own words. Staff edit the answers in the app afterwards (each edit a new
//! version); the documents migration only seeds a new database with it.

pub struct Answer {
    /// Other pages link to `/help#{slug}`: keep these stable.
    pub slug: &'static str,
    pub section: &'static str,
    pub question: &'static str,
    pub body: &'static str,
}

pub const HELP: &[Answer] = &[
    Answer {
        slug: "payment",
        section: "Joining and training",
        question: "Does it cost anything, and are mentors paid?",
        body: "Tandem is free for young people and for mentors: the training, the workshop and the support from our team cost nothing.\n\n\
Mentors are volunteers and are not paid. What we ask is one hour a month with your mentee for up to 12 months. If you join through your employer, your organisation may support the programme as a partner, but that never changes what you are asked to give.",
    },
    Answer {
        slug: "training-time",
        section: "Joining and training",
        question: "How long does the training take? Can I stop half way?",
        body: "The online course takes about 90 minutes, and most mentors finish it within 14 days of joining. Your progress is saved after every lesson, so you can stop at any point and carry on later, on any device.\n\n\
After the course you book a 2-hour group workshop. When you have done both you receive your certificate, and from signing up to meeting your mentee usually takes 8 to 12 weeks.",
    },
    Answer {
        slug: "not-matched-yet",
        section: "Matching",
        question: "I have not been matched yet. What happens now?",
        body: "Please don't be discouraged. We match people on what the young person wants from mentoring and the skills and experience a mentor offers, so a good match can take a little time.\n\n\
New young people join every month. You stay in the matching pool and we keep looking; your dashboard shows where you are, and we tell you in the app and by email as soon as we have a match for you.",
    },
    Answer {
        slug: "not-clicking",
        section: "Matching",
        question: "What if my mentor or mentee and I don't click?",
        body: "Give it a little time: most pairs find it easier after the first few sessions, once you know each other.\n\n\
If by your third session it still doesn't feel right, tell us. You can ask for a new match from your match page, and our team will talk it through with you first. Asking is never held against anyone.",
    },
    Answer {
        slug: "relationship-length",
        section: "Your sessions",
        question: "How long does a mentoring relationship last?",
        body: "We suggest one hour a month, for up to 12 months. Most pairs meet for 9 to 12 months; a shorter relationship is fine when it suits you both.\n\n\
The longer you meet, the more you usually get out of it. At the end you both get a short evaluation, a thank-you, and mentors can be matched again.",
    },
    Answer {
        slug: "where-to-meet",
        section: "Your sessions",
        question: "Where should we meet?",
        body: "If the young person is 18 or over, your first sessions are online, by video.\n\n\
If you later choose to meet in person, meet somewhere public:\n\
- where the mentor works\n\
- where the young person studies\n\
- a café\n\
- a library\n\n\
Never meet at either person's home. If the young person is under 18, you meet online and at their school's or youth partner's premises, arranged through their Mentoring Coordinator.",
    },
    Answer {
        slug: "contact-outside-sessions",
        section: "Your sessions",
        question: "Can we talk outside our sessions?",
        body: "If the young person is 18 or over and both of you agree to share contact details, you can keep in touch by email or on a professional network such as LinkedIn. Until then, use the messages on your match page.\n\n\
If the young person is under 18, all contact goes through their Mentoring Coordinator: Tandem passes your messages to them. Never share personal phone numbers or social media with an under-18.",
    },
    Answer {
        slug: "gifts",
        section: "Your sessions",
        question: "Can I give my mentee a gift, or accept one?",
        body: "Small thanks happen, and that's fine: a coffee, a book that helped you. But gifts and hospitality (food, drink, tickets) must stay modest and be declared.\n\n\
- Declare every gift or treat you give or receive on the Gifts page, whatever its value.\n\
- Anything worth more than £25 needs the team's agreement first.\n\
- Never give money, and never accept anything that could look like a reward for a favour.\n\n\
These rules protect young people and keep mentors within the UK Bribery Act 2010.",
    },
    Answer {
        slug: "worrying-disclosure",
        section: "Staying safe",
        question: "What if my mentee tells me something worrying?",
        body: "If a young person tells you they are being harmed, or that they might harm themselves or someone else, don't promise to keep it secret. Listen, stay calm, and tell them you need to pass it on to keep them safe.\n\n\
Report it the same day with \"Report a concern\" on Tandem. It goes to the Mentoring Coordinator or safeguarding lead at the young person's school or youth partner and to our Designated Safeguarding Lead. If someone is in immediate danger, call 999 first.",
    },
    Answer {
        slug: "platform-problem",
        section: "Using Tandem",
        question: "Something on Tandem isn't working. What should I do?",
        body: "First try reloading the page, or signing out and in again. Tandem works in any up-to-date browser on a phone, tablet or computer, and your answers are saved as you go.\n\n\
If it still doesn't work, tell us what you were doing and what you saw: reply to any email from Tandem, or tell your Mentoring Coordinator, and our team will fix it as quickly as we can.",
    },
];
