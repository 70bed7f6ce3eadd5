/* models/default_model.S — the embedded reference model (models/default.frm, rebuilt by
 * `make model`), linked in with .incbin: a 13 MB C array would take the compiler minutes, the
 * assembler copies the bytes.  64-byte aligned because the model's sections are used in place. */
    .section .rodata
    .balign 64
    .globl fr_default_model_data
fr_default_model_data:
    .incbin FR_DEFAULT_MODEL
    .globl fr_default_model_end
fr_default_model_end:
    .section .note.GNU-stack,"",@progbits
