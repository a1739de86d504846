//! The short course for young people, as first shipped: what mentoring is and is not,
//! setting goals, getting the most from an hour a month, staying safe online and in person,
//! and what happens to what you tell your mentor. Staff edit it in the app afterwards, like
//! the mentor course; this only seeds a database.

use crate::course_content::{Lesson, Module, Question};

pub const COURSE: &[Module] = &[
    Module {
        title: "Getting ready for mentoring",
        summary: "What a mentor is and is not, how to choose goals, and how to get the most from one hour a month.",
        pass_mark: 75,
        lessons: &[
            Lesson {
                title: "What mentoring is, and what it is not",
                minutes: 4,
                video_url: None,
                body: "Your mentor is a volunteer: someone with a job and experience of the world of work who has chosen to give you one hour a month, for up to twelve months. They have been trained and checked by Tandem.\n\nA mentor is:\n- someone on your side, who listens and asks good questions\n- a window into jobs, workplaces and routes you may not have seen\n- someone who helps you take the next small step yourself\n\nA mentor is not:\n- a teacher, a counsellor or a social worker\n- someone who will do things for you, such as write your CV or your applications\n- a friend to meet outside the programme, or someone to lend or give you money\n\nYou lead. The mentoring is about what you want, not what your mentor would want for you.",
            },
            Lesson {
                title: "Setting your goals",
                minutes: 5,
                video_url: None,
                body: "When you applied you chose what you want from mentoring: career advice, confidence, meeting people from different backgrounds, or something else. In your first session you and your mentor turn these into goals you can both see on your match page.\n\nA good goal is small enough to start this month. \"Get a job\" is a hope; \"find three employers near me who take apprentices\" is a goal.\n\nTry this before your first session:\n- write down one thing you would like to be different in a year\n- write down one step towards it that you could take in a month\n- bring both to your mentor\n\nYou can change your goals at any time. Rate your progress on your match page as you go, so you can both see how far you have come.",
            },
            Lesson {
                title: "Getting the most from an hour a month",
                minutes: 4,
                video_url: None,
                body: "One hour a month is not much, so it helps to come ready.\n\nBefore each session:\n- look at your goals and what you agreed last time\n- think of one question to ask\n\nDuring the session:\n- say what went well and what was hard since you last met\n- agree one small step for the month ahead\n\nAfter the session:\n- one of you logs the session on Tandem and the other confirms it\n- plan the next one, so you both get a calendar invitation\n\nIf you cannot make a session, tell your mentor as early as you can (if you are under 18, through your Mentoring Coordinator) and agree a new date.",
            },
        ],
        quiz: &[
            Question {
                prompt: "Who leads the mentoring: whose goals do you work on?",
                options: &["The mentor's", "Yours", "Your school's", "Tandem's"],
                correct: 1,
                explanation: "The mentoring is about what you want; your mentor helps you get there.",
            },
            Question {
                prompt: "Which of these is a goal you could start this month?",
                options: &[
                    "Be successful",
                    "Get a job",
                    "Find three local employers who take apprentices",
                    "Be happier",
                ],
                correct: 2,
                explanation: "A good goal is a small step you can take and check in a month.",
            },
            Question {
                prompt: "Which of these is part of a mentor's role?",
                options: &[
                    "Writing your applications for you",
                    "Lending you money",
                    "Listening and helping you take the next step yourself",
                    "Meeting you at home",
                ],
                correct: 2,
                explanation: "A mentor listens, asks questions and helps you act; they never lend money or meet at home.",
            },
            Question {
                prompt: "You cannot make your next session. What do you do?",
                options: &[
                    "Just do not turn up",
                    "Tell your mentor early (through your coordinator if you are under 18) and agree a new date",
                    "Wait for them to notice",
                    "End the mentoring",
                ],
                correct: 1,
                explanation: "Telling them early and offering a new date keeps the relationship going.",
            },
        ],
    },
    Module {
        title: "Staying safe",
        summary: "How to stay safe online and in person, and what happens to what you tell your mentor.",
        pass_mark: 75,
        lessons: &[
            Lesson {
                title: "Staying safe online and in person",
                minutes: 5,
                video_url: None,
                body: "Your first sessions are online, by video, in the room Tandem gives your match. Messages go through Tandem, where our team can see them if something goes wrong.\n\nOnline:\n- keep your messages with your mentor on Tandem\n- do not share your phone number, home address, social media or passwords\n- if anything makes you uncomfortable, stop and tell us\n\nIn person (once you are both ready):\n- meet somewhere public: a workplace, your school or college, a café or a library\n- never meet at your home or your mentor's home\n- if you are under 18, sessions take place at your school or youth organisation\n\nA mentor will never ask you to keep a secret, give you gifts worth more than a small amount, or ask to meet you anywhere private. If that happens, use \"Report a concern\" on Tandem or tell your Mentoring Coordinator.",
            },
            Lesson {
                title: "What happens to what you tell your mentor",
                minutes: 4,
                video_url: None,
                body: "What you talk about with your mentor usually stays between the two of you.\n\nThere is one exception. If you tell your mentor something that means you, or someone else, may be at risk of harm, your mentor must pass it on, so that you can get help. They will tell the right person: the safeguarding lead at your school or youth organisation, or Tandem's Designated Safeguarding Lead. They will tell you that they are doing so.\n\nThey will not tell your friends, your employer or anyone else.\n\nIf you are worried about something, you can talk to your mentor, to your Mentoring Coordinator, or use \"Report a concern\" on Tandem at any time. If someone is in danger now, call 999.",
            },
        ],
        quiz: &[
            Question {
                prompt: "Where should your messages with your mentor be?",
                options: &["On Tandem", "On social media", "By text message", "Anywhere you like"],
                correct: 0,
                explanation: "Keeping messages on Tandem keeps you both safe.",
            },
            Question {
                prompt: "Which of these is a good place to meet in person?",
                options: &["Your home", "Your mentor's home", "A library", "A car"],
                correct: 2,
                explanation: "Meet somewhere public: a workplace, school or college, café or library.",
            },
            Question {
                prompt: "You tell your mentor something that means you may be at risk of harm. What will they do?",
                options: &[
                    "Keep it secret",
                    "Tell your friends",
                    "Pass it on to the safeguarding lead so you get help, and tell you they are doing so",
                    "Post about it",
                ],
                correct: 2,
                explanation: "Your mentor must pass it on to the right person, and will tell you.",
            },
            Question {
                prompt: "Someone is in danger right now. What do you do?",
                options: &["Send a message on Tandem", "Call 999", "Wait for your next session", "Do nothing"],
                correct: 1,
                explanation: "In an emergency, call 999 straight away.",
            },
        ],
    },
];
