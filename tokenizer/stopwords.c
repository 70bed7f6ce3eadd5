/* tokenizer/stopwords.c — fitrank's own English and German stop-word lists.
 *
 * These lists were written for fitrank rather than copied from NLTK, Lucene,
 * Snowball or any other project: they hold function words (articles,
 * pronouns, prepositions, conjunctions, auxiliaries, common adverbs) and
 * deliberately leave out words that carry meaning in job postings and
 * résumés (e.g. "go", "c", "r", "net", "rust", "swift" or domain words such
 * as "experience" or "team").
 *
 * Entries are stored in Unicode case-folded form, matching the tokenizer's
 * utf8proc CASEFOLD output: German "ß" is written "ss" ("dass", "muss",
 * "ausserdem"), umlauts stay as UTF-8 ä/ö/ü. Each array is sorted by byte
 * order (strcmp) with no duplicates.  The tokenizer normalises the entries it
 * uses exactly as it normalises tokens (so accent stripping still matches) and
 * keeps its own sorted copy for lookups.
 */
#include "tokenizer/stopwords.h"
#include <string.h>
#include <stdlib.h>

/* English: sorted by strcmp (byte order), no duplicates. */
static const char *const en_words[] = {
    "a", "about", "above", "across", "after", "again", "against", "all",
    "almost", "along", "already", "also", "although", "always", "am", "among",
    "amongst", "an", "and", "another", "any", "anybody", "anyone", "anything",
    "are", "aren", "around", "as", "at", "be", "because", "been", "before",
    "behind", "being", "below", "beside", "besides", "between", "beyond",
    "both", "but", "by", "can", "cannot", "could", "couldn", "did", "didn",
    "do", "does", "doesn", "doing", "don", "done", "down", "during", "each",
    "eg", "either", "else", "enough", "etc", "even", "ever", "every",
    "everybody", "everyone", "everything", "except", "few", "for", "from",
    "further", "furthermore", "had", "hadn", "has", "hasn", "have", "haven",
    "having", "he", "hence", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "ie", "if", "in", "indeed",
    "inside", "instead", "into", "is", "isn", "it", "its", "itself", "just",
    "least", "less", "like", "ll", "many", "may", "maybe", "me", "might",
    "mine", "more", "moreover", "most", "mostly", "much", "must", "my",
    "myself", "neither", "never", "no", "nobody", "none", "nor", "not",
    "nothing", "now", "of", "off", "often", "on", "once", "only", "onto",
    "or", "other", "others", "otherwise", "ought", "our", "ours", "ourselves",
    "out", "outside", "over", "own", "per", "perhaps", "quite", "rather",
    "re", "really", "same", "shall", "she", "should", "shouldn", "since",
    "so", "some", "somebody", "someone", "something", "sometimes", "still",
    "such", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "therefore", "these", "they", "this", "those", "though",
    "through", "throughout", "thus", "to", "together", "too", "toward",
    "towards", "under", "unless", "unlike", "until", "up", "upon", "us", "ve",
    "very", "via", "was", "wasn", "we", "were", "weren", "what", "whatever",
    "when", "whenever", "where", "whereas", "wherever", "whether", "which",
    "while", "who", "whoever", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "wouldn", "yet", "you", "your", "yours",
    "yourself", "yourselves",
};

/* German: case-folded ("ß" -> "ss"), sorted by strcmp (byte order), no
 * duplicates. */
static const char *const de_words[] = {
    "ab", "aber", "alle", "allem", "allen", "aller", "allerdings", "alles",
    "als", "also", "am", "an", "andere", "anderem", "anderen", "anderer",
    "anderes", "ans", "auch", "auf", "aufs", "aus", "ausser", "ausserdem",
    "ausserhalb", "bei", "beide", "beiden", "beim", "bereits", "bevor",
    "beziehungsweise", "bezüglich", "bin", "bis", "bisher", "bist", "bzgl",
    "bzw", "ca", "da", "dabei", "dadurch", "dafür", "daher", "damit",
    "danach", "dann", "daran", "darauf", "darf", "darin", "darum", "darüber",
    "das", "dass", "davon", "dazu", "dein", "deine", "deinem", "deinen",
    "deiner", "deines", "dem", "den", "denen", "denn", "der", "deren", "des",
    "deshalb", "dessen", "deswegen", "dich", "die", "dies", "diese", "diesem",
    "diesen", "dieser", "dieses", "dir", "doch", "dort", "du", "durch",
    "durfte", "dürfen", "ebenfalls", "ein", "eine", "einem", "einen",
    "einer", "eines", "einige", "einigen", "entweder", "er", "es", "etc",
    "etwa", "etwas", "euch", "evtl", "falls", "für", "gegen", "gemäss",
    "gewesen", "ggf", "habe", "haben", "hast", "hat", "hatte", "hatten",
    "hier", "hin", "hinter", "hätte", "hätten", "ich", "ihm", "ihn",
    "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "immer",
    "in", "indem", "inkl", "ins", "insbesondere", "ist", "ja", "je", "jede",
    "jedem", "jeden", "jeder", "jedes", "jedoch", "jemand", "jene", "jetzt",
    "jeweils", "kann", "kannst", "kein", "keine", "keinem", "keinen",
    "keiner", "keines", "konnte", "konnten", "können", "könnte", "könnten",
    "mag", "man", "manche", "mehr", "mein", "meine", "meinem", "meinen",
    "meiner", "meines", "meist", "mich", "mir", "mit", "muss", "musste",
    "mussten", "möchte", "möchten", "mögen", "müssen", "müsste",
    "müssten", "nach", "nachdem", "neben", "nicht", "nichts", "nie",
    "niemand", "noch", "nun", "nur", "ob", "obwohl", "oder", "oft", "ohne",
    "pro", "sehr", "sei", "sein", "seine", "seinem", "seinen", "seiner",
    "seines", "seit", "selbst", "sich", "sie", "sind", "so", "sodass",
    "sogar", "solche", "solchen", "solcher", "soll", "sollen", "sollte",
    "sollten", "sondern", "sowie", "sowohl", "um", "und", "uns", "unser",
    "unsere", "unserem", "unseren", "unserer", "unseres", "unter", "usw",
    "viel", "viele", "vielen", "vielleicht", "vom", "von", "vor", "wann",
    "war", "waren", "warum", "was", "weder", "wegen", "weil", "weitere",
    "weiteren", "weiterer", "welche", "welchem", "welchen", "welcher",
    "welches", "wem", "wen", "wenn", "wer", "werde", "werden", "wie",
    "wieder", "will", "wir", "wird", "wirst", "wo", "wobei", "wollen",
    "wollte", "wollten", "worden", "wozu", "wurde", "wurden", "während",
    "würde", "würden", "zb", "zu", "zudem", "zum", "zur", "zwar",
    "zwischen", "über",
};

#define FR_COUNT_OF(arr) (sizeof(arr) / sizeof((arr)[0]))

const char *const *fr_stopwords_list(const char *lang, size_t *n)
{
    if (lang != NULL) {
        if (strcmp(lang, "en") == 0) {
            if (n != NULL) {
                *n = FR_COUNT_OF(en_words);
            }
            return en_words;
        }
        if (strcmp(lang, "de") == 0) {
            if (n != NULL) {
                *n = FR_COUNT_OF(de_words);
            }
            return de_words;
        }
    }
    if (n != NULL) {
        *n = 0;
    }
    return NULL;
}
