package io.atrium.contacts.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which searches are matched word by word and which as a substring of the contact's text (issue 15). */
class SearchShapeTests {

    @Test
    void piecesOfEmailAddressesAreSubstrings() {
        assertThat(ContactRepository.looksLikeAddress("ada@")).isTrue();
        assertThat(ContactRepository.looksLikeAddress("co12.bench")).isTrue();
        assertThat(ContactRepository.looksLikeAddress("ada.lovelace")).isTrue();
        assertThat(ContactRepository.looksLikeAddress("x9"))
                .as("too short for a trigram")
                .isFalse();
    }

    @Test
    void namesAndTitlesAreWords() {
        assertThat(ContactRepository.looksLikeAddress("lovelase")).isFalse();
        assertThat(ContactRepository.looksLikeAddress("gibbnsa1b"))
                .as("a misspelt name with digits stays typo-tolerant")
                .isFalse();
        assertThat(ContactRepository.looksLikeAddress("ada lovelace")).isFalse();
        assertThat(ContactRepository.looksLikeAddress("o'brien")).isFalse();
        assertThat(ContactRepository.looksLikeAddress("müller-lüdenscheidt")).isFalse();
    }
}
