# bash completion for fitrank (installed by `make install` into share/bash-completion/completions).
# Commands, each command's options (read from `fitrank CMD --help`, so they never fall out of step),
# the values of the options that take a fixed set, and files for everything else.
_fitrank() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="tokenize fit vectorize model parse rank match explain index bench eval help"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local cmd=${COMP_WORDS[1]}
    if [ "$cmd" = help ]; then
        [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return
    fi
    # subcommands
    if [ "$COMP_CWORD" -eq 2 ]; then
        case $cmd in
        model) COMPREPLY=($(compgen -W "info" -- "$cur")); return ;;
        index) COMPREPLY=($(compgen -W "build" -- "$cur")); return ;;
        parse) COMPREPLY=($(compgen -W "posting resume" -- "$cur")); return ;;
        esac
    fi
    case $prev in
    --gate) COMPREPLY=($(compgen -W "rank filter off" -- "$cur")); return ;;
    --mode) COMPREPLY=($(compgen -W "full cosine" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "table jsonl csv json text" -- "$cur")); return ;;
    --stop-words) COMPREPLY=($(compgen -W "none en de en,de" -- "$cur")); return ;;
    --stem) COMPREPLY=($(compgen -W "none english german" -- "$cur")); return ;;
    --hyphen) COMPREPLY=($(compgen -W "both join split" -- "$cur")); return ;;
    --tf) COMPREPLY=($(compgen -W "raw log" -- "$cur")); return ;;
    --idf) COMPREPLY=($(compgen -W "smooth plain" -- "$cur")); return ;;
    --norm) COMPREPLY=($(compgen -W "l2 none" -- "$cur")); return ;;
    --invalid) COMPREPLY=($(compgen -W "strict replace" -- "$cur")); return ;;
    -k | --threads | --candidates | --shortlist | --batch | --dim | --seed | --folds | --n-resumes | --n-postings | \
        --min-df | --max-df | --max-features | --min-len | --ngram-min | --ngram-max | --max-input-bytes | --recall-sample | \
        --as-of | --set | --id-column | --text-column)
        return ;;
    esac
    if [[ $cur == -* ]]; then
        local sub=
        [ "$cmd" = model ] && sub=info
        [ "$cmd" = index ] && sub=build
        local opts
        opts=$("${COMP_WORDS[0]}" $cmd $sub --help 2>/dev/null | grep -oE -- '(^|[ [(|,])--?[a-zA-Z][a-zA-Z0-9-]*' |
            sed 's/^[ [(|,]//' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _fitrank fitrank
