//! The course as first shipped: written by the programme team for Tandem's mentors. Staff
//! edit it in the app afterwards; the training migration only seeds a new database with it
//! ([`crate::m20261123_000002_training::insert_modules`]).

pub struct Lesson {
    pub title: &'static str,
    pub minutes: i32,
    pub body: &'static str,
    pub video_url: Option<&'static str>,
}

pub struct Question {
    pub prompt: &'static str,
    pub options: &'static [&'static str],
    pub correct: i32,
    pub explanation: &'static str,
}

pub struct Module {
    pub title: &'static str,
    pub summary: &'static str,
    pub pass_mark: i32,
    pub lessons: &'static [Lesson],
    pub quiz: &'static [Question],
}

pub const COURSE: &[Module] = &[
    Module {
        title: "Your role as a mentor",
        summary: "What mentoring is and is not, and what the programme asks of you: one hour a month, for up to twelve months.",
        pass_mark: 75,
        lessons: &[
            Lesson {
                title: "What a mentor does",
                minutes: 8,
                video_url: None,
                body: "A mentor is a trusted adult who gives a young person time, attention and a window into the world of work. You are not a teacher, a counsellor, a parent or a careers adviser, although you will sometimes listen, explain and suggest.\n\nYour young person sets the direction. Most tell us they want career advice and guidance, to build confidence, or to meet people from different professional backgrounds. Your job is to help them work towards what they want, not what you would want for them.\n\nGood mentors:\n- listen more than they talk\n- ask open questions and let silences be\n- share their own experience honestly, including mistakes\n- are reliable: they turn up, on time, every month\n- notice progress and say so",
            },
            Lesson {
                title: "One hour a month, for twelve months",
                minutes: 7,
                video_url: None,
                body: "Tandem relationships are one-to-one, one hour a month, for up to twelve months, online or in person. The commitment is small on purpose, so that busy professionals can keep it.\n\nReliability matters more than anything else you do. A cancelled session can feel to a young person like one more adult who did not turn up. If you must move a session, give as much notice as you can and offer a new date straight away.\n\nIf the relationship is not working after about three sessions, talk to the programme team. A rematch is not a failure: it is part of getting the right support for the young person.",
            },
        ],
        quiz: &[
            Question {
                prompt: "Who sets the direction of the mentoring relationship?",
                options: &["The mentor", "The young person", "The young person's school", "The programme team"],
                correct: 1,
                explanation: "The young person's own goals lead; the mentor helps them work towards them.",
            },
            Question {
                prompt: "How much time does Tandem ask a mentor to give?",
                options: &[
                    "One hour a week",
                    "One hour a month, for up to twelve months",
                    "A full day each term",
                    "As much as the young person asks for",
                ],
                correct: 1,
                explanation: "One-to-one, one hour a month, for up to twelve months.",
            },
            Question {
                prompt: "You have to cancel a session. What should you do?",
                options: &[
                    "Nothing: the young person will understand",
                    "Give as much notice as you can and offer a new date straight away",
                    "Wait until next month's session",
                    "Ask the young person to rearrange",
                ],
                correct: 1,
                explanation: "Reliability is the heart of mentoring: give notice and rebook at once.",
            },
            Question {
                prompt: "Which of these is part of a mentor's role?",
                options: &[
                    "Giving therapy",
                    "Listening and asking open questions",
                    "Deciding the young person's career",
                    "Lending money",
                ],
                correct: 1,
                explanation: "Mentors listen, ask and share experience; they are not therapists or lenders.",
            },
        ],
    },
    Module {
        title: "Safeguarding and disclosures",
        summary: "Keeping young people safe: recognising concerns, responding to a disclosure, and reporting it to the Designated Safeguarding Lead.",
        pass_mark: 100,
        lessons: &[
            Lesson {
                title: "Safeguarding is everyone's responsibility",
                minutes: 9,
                video_url: None,
                body: "Safeguarding means protecting young people from harm and acting when you are worried about them. Every mentor has an enhanced DBS check and this training before meeting a young person, and every concern goes to Tandem's Designated Safeguarding Lead (DSL).\n\nSigns that something may be wrong include:\n- changes in mood, appearance or behaviour\n- talk of harming themselves or others\n- an adult or older person controlling them, giving gifts or asking for secrecy\n- going missing, or unexplained money or possessions\n\nYou do not need to be certain. If you are worried, report it. The DSL decides what happens next.",
            },
            Lesson {
                title: "If a young person tells you something",
                minutes: 10,
                video_url: None,
                body: "If a young person discloses abuse or a risk of harm:\n- stay calm, listen, and let them speak in their own words\n- do not promise to keep a secret: say you may need to share it to keep them safe\n- do not ask leading questions or investigate\n- reassure them that telling you was the right thing to do\n- write down what was said, in their words, with the date and time, as soon as you can\n- report it the same day using \"Report a concern\" in Tandem, which goes straight to the DSL\n\nIf someone is in immediate danger, call 999 first, then report.\n\nNever contact the alleged abuser, and do not discuss the disclosure with anyone except the DSL.",
            },
        ],
        quiz: &[
            Question {
                prompt: "A young person says: \"Promise you won't tell anyone.\" What do you say?",
                options: &[
                    "\"I promise.\"",
                    "\"I can't promise that: I may need to share it to keep you safe.\"",
                    "\"Then don't tell me.\"",
                    "\"Tell your teacher instead.\"",
                ],
                correct: 1,
                explanation: "Never promise secrecy: you may have to pass it on to keep them safe.",
            },
            Question {
                prompt: "Who receives every safeguarding concern at Tandem?",
                options: &[
                    "Your line manager",
                    "The young person's parents",
                    "The Designated Safeguarding Lead",
                    "Another mentor",
                ],
                correct: 2,
                explanation: "All concerns go to the Designated Safeguarding Lead through \"Report a concern\".",
            },
            Question {
                prompt: "When should you report a disclosure?",
                options: &[
                    "The same day",
                    "At the next monthly session",
                    "When you are certain it is true",
                    "At the end of the mentoring year",
                ],
                correct: 0,
                explanation: "Report the same day; you do not need to be certain.",
            },
            Question {
                prompt: "Someone is in immediate danger. What comes first?",
                options: &[
                    "Report it in Tandem",
                    "Call 999",
                    "Email the programme team",
                    "Wait for the young person to decide",
                ],
                correct: 1,
                explanation: "Call 999 first, then report to the DSL.",
            },
        ],
    },
    Module {
        title: "Boundaries, gifts and contact",
        summary: "Professional boundaries that protect you and your young person: contact, social media, gifts and hospitality.",
        pass_mark: 75,
        lessons: &[
            Lesson {
                title: "Keeping professional boundaries",
                minutes: 8,
                video_url: None,
                body: "A mentoring relationship is warm but professional. Boundaries protect the young person and protect you.\n\n- Keep contact inside Tandem: use in-app messages and the meeting links the programme provides.\n- Never connect with your young person on personal social media.\n- Under-18s are always contacted through their institution's Mentoring Coordinator, and you meet them only at the partner's premises or online.\n- Do not give lifts, meet at your home, or meet alone somewhere private.\n- Do not lend or give money.\n\nIf a young person asks for something outside these boundaries, say no kindly, explain why, and tell the programme team.",
            },
            Lesson {
                title: "Gifts and hospitality",
                minutes: 6,
                video_url: None,
                body: "Small gestures can mean a lot, but gifts can also create pressure, expectation or secrecy. Tandem's rule is simple: declare every gift or hospitality you give or receive, whatever its value, in the gifts register.\n\nA coffee during an in-person session, or a book related to their goals, is usually fine when declared. Cash, vouchers, expensive items and anything given in secret are not.\n\nIf you are unsure, ask the programme team before you give or accept.",
            },
        ],
        quiz: &[
            Question {
                prompt: "Your young person asks to follow you on Instagram. What do you do?",
                options: &[
                    "Accept: it builds trust",
                    "Kindly say no, explain why, and keep contact inside Tandem",
                    "Accept but mute them",
                    "Give them your phone number instead",
                ],
                correct: 1,
                explanation: "Keep contact inside Tandem; never connect on personal social media.",
            },
            Question {
                prompt: "How is a mentor's contact with an under-18 arranged?",
                options: &[
                    "Directly by phone",
                    "Through their institution's Mentoring Coordinator",
                    "Through their parents only",
                    "By personal email",
                ],
                correct: 1,
                explanation: "Under-18s are contacted only through their institution's Mentoring Coordinator.",
            },
            Question {
                prompt: "Which gifts must be declared in the register?",
                options: &[
                    "Only those worth over 50 pounds",
                    "Only cash",
                    "Every gift or hospitality, whatever its value",
                    "None",
                ],
                correct: 2,
                explanation: "Declare every gift or hospitality you give or receive.",
            },
            Question {
                prompt: "Where can you meet a young person in person?",
                options: &[
                    "At your home",
                    "Somewhere public or at the partner's premises, never alone in private",
                    "In your car",
                    "Anywhere they choose",
                ],
                correct: 1,
                explanation: "Meet in public places or at the partner's premises; never alone somewhere private.",
            },
        ],
    },
    Module {
        title: "Communicating with young people",
        summary: "Listening well, asking good questions, and adapting to each young person, including those with additional needs.",
        pass_mark: 75,
        lessons: &[
            Lesson {
                title: "Listening and asking",
                minutes: 8,
                video_url: None,
                body: "Young people often say they want an adult who really listens. Active listening means giving full attention, reflecting back what you heard, and checking you understood.\n\nOpen questions invite more than a yes or no:\n- \"What did you enjoy most this month?\"\n- \"What would make that easier?\"\n- \"How did you feel when that happened?\"\n\nAvoid firing questions, finishing their sentences, or jumping to advice. A pause gives them space to think.",
            },
            Lesson {
                title: "Adapting to the person in front of you",
                minutes: 7,
                video_url: None,
                body: "Every young person is different. Some are chatty, some are quiet; some have additional needs, a disability, or English as an additional language. Ask what works for them, and check the accessibility needs they shared when they applied.\n\nUse plain language, avoid jargon from your profession, and explain acronyms. Be aware of your own assumptions about background, culture and ambition: your job is to open doors, not to decide which ones they walk through.",
            },
        ],
        quiz: &[
            Question {
                prompt: "Which is an open question?",
                options: &[
                    "\"Did you like school today?\"",
                    "\"What did you enjoy most this month?\"",
                    "\"Are you OK?\"",
                    "\"You finished the CV, right?\"",
                ],
                correct: 1,
                explanation: "Open questions invite more than yes or no.",
            },
            Question {
                prompt: "Your young person goes quiet after a question. What helps most?",
                options: &[
                    "Ask another question straight away",
                    "Give them a moment to think",
                    "Change the subject",
                    "Answer it for them",
                ],
                correct: 1,
                explanation: "A pause gives space to think.",
            },
            Question {
                prompt: "How should you use professional jargon?",
                options: &[
                    "Freely: it prepares them for work",
                    "Avoid it, and explain any acronym you use",
                    "Only in writing",
                    "Never explain it",
                ],
                correct: 1,
                explanation: "Plain language and explained acronyms keep you understood.",
            },
            Question {
                prompt: "Where can you find a young person's accessibility needs?",
                options: &[
                    "Guess from the first session",
                    "In what they shared when they applied, and by asking them",
                    "From their friends",
                    "They will not have any",
                ],
                correct: 1,
                explanation: "Check their application and ask what works for them.",
            },
        ],
    },
    Module {
        title: "Setting goals together",
        summary: "Turning what a young person wants from mentoring into goals you agree at the start and review as you go.",
        pass_mark: 75,
        lessons: &[
            Lesson {
                title: "From wishes to goals",
                minutes: 8,
                video_url: None,
                body: "At the start, you and your young person agree two or three goals, drawn from what they said they wanted when they applied. A good goal is specific, realistic in twelve months, and theirs.\n\n\"Get a job\" becomes \"apply for three apprenticeships in engineering by June\". \"Be more confident\" becomes \"speak up once in every class discussion\".\n\nWrite the goals down in Tandem so you can both see them.",
            },
            Lesson {
                title: "Reviewing progress",
                minutes: 7,
                video_url: None,
                body: "Each month, look back at the goals together: what moved, what got in the way, what the next small step is. Celebrate progress, however small. It is fine for goals to change as the young person learns more about what they want.\n\nAt the end of the relationship you will re-rate the goals together, and the young person completes an end-of-mentoring evaluation that pairs with the one they did at the start. That is how Tandem shows its impact.",
            },
        ],
        quiz: &[
            Question {
                prompt: "Where do the relationship's goals come from?",
                options: &[
                    "The mentor's experience",
                    "What the young person said they wanted",
                    "The programme's targets",
                    "The school's league tables",
                ],
                correct: 1,
                explanation: "Goals are drawn from the young person's own wishes.",
            },
            Question {
                prompt: "Which is the best-formed goal?",
                options: &[
                    "\"Get a job\"",
                    "\"Be better\"",
                    "\"Apply for three engineering apprenticeships by June\"",
                    "\"Work harder\"",
                ],
                correct: 2,
                explanation: "Specific, realistic and time-bound.",
            },
            Question {
                prompt: "A goal no longer fits after six months. What now?",
                options: &[
                    "Keep it anyway",
                    "Change it together: goals can evolve",
                    "End the relationship",
                    "Replace it with your own",
                ],
                correct: 1,
                explanation: "It is fine for goals to change as the young person learns.",
            },
            Question {
                prompt: "How does Tandem measure impact at the end?",
                options: &[
                    "A mentor's report only",
                    "A pre and end-of-mentoring evaluation that pair up",
                    "Exam results",
                    "It does not",
                ],
                correct: 1,
                explanation: "Paired pre and end-of-mentoring evaluations.",
            },
        ],
    },
    Module {
        title: "Meeting online and in person",
        summary: "Running good sessions online and face to face, safely and reliably.",
        pass_mark: 75,
        lessons: &[
            Lesson {
                title: "Online sessions",
                minutes: 7,
                video_url: None,
                body: "Online sessions make Tandem possible for young people who live far from their mentor, have caring responsibilities, or find a new place daunting. They deserve the same care as a face-to-face meeting.\n\nOnline sessions use the meeting link Tandem provides. Before you start:\n- find a quiet, neutral background, with nothing personal on show\n- test your camera and microphone\n- close other windows and silence notifications\n- join a couple of minutes early\n\nSome young people prefer their camera off at first: that is fine, and it often changes as trust grows. Never record a session. If the connection fails, message through Tandem and rebook; do not switch to a personal phone or app.",
            },
            Lesson {
                title: "In-person sessions",
                minutes: 8,
                video_url: None,
                body: "In-person sessions happen in public places or at the partner organisation's premises; for under-18s, always at the partner's premises. Agree the place through Tandem, log the session afterwards, and keep to the hour.\n\nA workplace visit can be a powerful session for a young person curious about your sector, when arranged with the programme team.\n\nAfter every session, online or in person, log it in Tandem: date, what you discussed, and progress on goals.",
            },
        ],
        quiz: &[
            Question {
                prompt: "The video call drops mid-session. What do you do?",
                options: &[
                    "Call their personal phone",
                    "Message through Tandem and rebook",
                    "Switch to a social media video call",
                    "Give up for the month",
                ],
                correct: 1,
                explanation: "Stay inside Tandem: message and rebook.",
            },
            Question {
                prompt: "Where do in-person sessions with an under-18 take place?",
                options: &[
                    "A cafe of their choice",
                    "At the partner organisation's premises",
                    "Your office, alone",
                    "Their home",
                ],
                correct: 1,
                explanation: "Under-18s meet mentors only at the partner's premises.",
            },
            Question {
                prompt: "May you record an online session?",
                options: &["Yes, for your notes", "Only with the young person's consent", "Never", "Only the audio"],
                correct: 2,
                explanation: "Sessions are never recorded.",
            },
            Question {
                prompt: "What do you do after every session?",
                options: &[
                    "Nothing",
                    "Log it in Tandem with what you discussed and progress on goals",
                    "Email the young person's parents",
                    "Post about it",
                ],
                correct: 1,
                explanation: "Log every session in Tandem.",
            },
        ],
    },
];
